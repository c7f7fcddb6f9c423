import { layer } from "@effect/vitest"
import { dynamoRunProgress } from "../../../src/layers/aws/DynamoRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { portOnOwnTable } from "../aws/dynamoPortSetup.js"
import { runProgressContract } from "../contracts/runProgressContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

const adapter = atMoto((endpoint) => portOnOwnTable(RunProgress, dynamoRunProgress, endpoint, "progress-contract"))

layer(adapter, { excludeTestServices: true })("DynamoRunProgress at moto: the run progress contract", (it) => {
  runProgressContract(needsMoto(it), { freshCampaign: uniqueName })
})
