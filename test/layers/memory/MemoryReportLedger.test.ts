import { layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { MemoryDemandTable } from "../../../src/layers/memory/MemoryDemandTable.js"
import { memoryReportLedger } from "../../../src/layers/memory/MemoryReportLedger.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import type { DemandItem } from "../../../src/services/schemas/FanScoreItem.js"
import { reportLedgerContract } from "../contracts/reportLedgerContract.js"

const table = new MemoryDemandTable()
let campaigns = 0

layer(Layer.succeed(ReportLedger, memoryReportLedger(table)))("MemoryReportLedger: the ledger's contract", (it) => {
  reportLedgerContract(it, {
    freshCampaign: (label) => `${label}-${++campaigns}`,
    putRaw: (item) => Effect.sync(() => table.putItem(item as DemandItem)),
    rawItem: (key) => Effect.sync(() => table.item(key))
  })
})
