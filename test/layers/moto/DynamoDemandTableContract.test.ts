import { layer } from "@effect/vitest"
import { dynamoDemandTable } from "../../../src/layers/aws/DynamoDemandTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { portOnOwnTable, putWhole, streamChangesOf } from "../aws/dynamoPortSetup.js"
import { demandTableContract } from "../contracts/demandTableContract.js"

const adapter = portOnOwnTable(DemandTable, (table) => dynamoDemandTable(table, { queryPageSize: 2 }), motoEndpoint, "demand-contract")

layer(adapter, { excludeTestServices: true })("DynamoDemandTable at moto: the demand table's contract", (it) => {
  demandTableContract(it, { freshUser: uniqueName, putWhole, changesOf: streamChangesOf })
})
