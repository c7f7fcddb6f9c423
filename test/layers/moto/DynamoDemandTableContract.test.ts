import { layer } from "@effect/vitest"
import { dynamoDemandTable } from "../../../src/layers/aws/DynamoDemandTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { portOnOwnTable, putWhole, streamChangesOf } from "../aws/dynamoPortSetup.js"
import { demandTableContract } from "../contracts/demandTableContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

const adapter = atMoto((endpoint) => portOnOwnTable(DemandTable, (table) => dynamoDemandTable(table, { queryPageSize: 2 }), endpoint, "demand-contract"))

layer(adapter, { excludeTestServices: true })("DynamoDemandTable at moto: the demand table's contract", (it) => {
  demandTableContract(needsMoto(it), { freshUser: uniqueName, putWhole, changesOf: streamChangesOf })
})
