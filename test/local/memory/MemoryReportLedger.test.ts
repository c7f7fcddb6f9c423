import { layer } from "@effect/vitest"
import { Layer } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryReportLedger } from "../../../src/local/memory/MemoryReportLedger.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { reportLedgerContract } from "../../layers/contracts/reportLedgerContract.js"
import { memoryHarness } from "./memoryHarness.js"

const table = new MemoryDemandTable()

layer(Layer.succeed(ReportLedger, memoryReportLedger(table)))("MemoryReportLedger: the ledger's contract", (it) => {
  reportLedgerContract(it, memoryHarness(table))
})
