import { layer } from "@effect/vitest"
import { Layer } from "effect"
import { MemoryDemandTable } from "../../../src/layers/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/layers/memory/MemoryRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { runProgressContract } from "../contracts/runProgressContract.js"

let campaigns = 0

layer(Layer.succeed(RunProgress, memoryRunProgress(new MemoryDemandTable())))("MemoryRunProgress: the run progress contract", (it) => {
  runProgressContract(it, { freshCampaign: (label) => `${label}-${++campaigns}` })
})
