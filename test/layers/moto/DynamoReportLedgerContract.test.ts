import { layer } from "@effect/vitest"
import { dynamoReportLedger } from "../../../src/layers/aws/DynamoReportLedger.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import type { DemandItem } from "../../../src/services/schemas/FanScoreItem.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { portOnOwnTable, putWhole, storedWhole } from "../aws/dynamoPortSetup.js"
import { reportLedgerContract } from "../contracts/reportLedgerContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

const adapter = atMoto((endpoint) => portOnOwnTable(ReportLedger, (table) => dynamoReportLedger(table), endpoint, "ledger-contract"))

layer(adapter, { excludeTestServices: true })("DynamoReportLedger at moto: the ledger's contract", (it) => {
  reportLedgerContract(needsMoto(it), { freshCampaign: uniqueName, putRaw: (item) => putWhole(item as DemandItem), rawItem: storedWhole })
})
