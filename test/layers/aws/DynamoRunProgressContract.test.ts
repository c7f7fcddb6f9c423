import { layer } from "@effect/vitest"
import { inject } from "vitest"
import { dynamoRunProgress } from "../../../src/layers/aws/DynamoRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { runProgressContract } from "../contracts/runProgressContract.js"
import { portOnOwnTable } from "./dynamoPortSetup.js"

const adapter = portOnOwnTable(RunProgress, dynamoRunProgress, () => inject("awsEndpoints").dynamodb, "progress-contract")

layer(adapter, { excludeTestServices: true })("DynamoRunProgress on DynamoDB Local: the run progress contract", (it) => {
  runProgressContract(it, { freshCampaign: uniqueName })
})
