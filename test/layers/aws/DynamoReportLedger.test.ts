import { layer } from "@effect/vitest"
import { reportLedgerContract } from "../contracts/reportLedgerContract.js"
import { dynamoCountsLayer, freshCampaign, putRaw, rawItem } from "./dynamoCountsSetup.js"

layer(dynamoCountsLayer("report-ledger"), { excludeTestServices: true })("DynamoReportLedger: the ledger's contract", (it) => {
  reportLedgerContract(it, { freshCampaign, putRaw, rawItem })
})
