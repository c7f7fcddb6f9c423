import { layer } from "@effect/vitest"
import { dynamoRunProgress } from "../../../src/layers/aws/DynamoRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { portOnOwnTable } from "../aws/dynamoPortSetup.js"
import { runProgressContract } from "../contracts/runProgressContract.js"

const adapter = portOnOwnTable(RunProgress, dynamoRunProgress, motoEndpoint, "progress-contract")

layer(adapter, { excludeTestServices: true })("DynamoRunProgress at moto: the run progress contract", (it) => {
  runProgressContract(it, { freshCampaign: uniqueName })
})
