import { layer } from "@effect/vitest"
import { inject } from "vitest"
import { dynamoDemandTable } from "../../../src/layers/aws/DynamoDemandTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { demandTableContract } from "../contracts/demandTableContract.js"
import { portOnOwnTable, putWhole, streamChangesOf } from "./dynamoPortSetup.js"

/** Pages of two items, so that reading a partition goes across pages. */
const adapter = portOnOwnTable(DemandTable, (table) => dynamoDemandTable(table, { queryPageSize: 2 }), () => inject("awsEndpoints").dynamodb, "demand-contract")

layer(adapter, { excludeTestServices: true })("DynamoDemandTable on DynamoDB Local: the demand table's contract", (it) => {
  demandTableContract(it, { freshUser: uniqueName, putWhole, changesOf: streamChangesOf })
})
