import { layer } from "@effect/vitest"
import { Layer } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { runProgressContract } from "../../layers/contracts/runProgressContract.js"
import { memoryHarness } from "./memoryHarness.js"

const table = new MemoryDemandTable()

layer(Layer.succeed(RunProgress, memoryRunProgress(table)))("MemoryRunProgress: the run progress contract", (it) => {
  runProgressContract(it, memoryHarness(table))
})
