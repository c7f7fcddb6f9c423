import { layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { demandTableContract } from "../../layers/contracts/demandTableContract.js"

const table = new MemoryDemandTable()
let users = 0

layer(Layer.succeed(DemandTable, table.service))("MemoryDemandTable: the demand table's contract", (it) => {
  demandTableContract(it, {
    freshUser: (label) => `${label}-${++users}`,
    putWhole: (item) => Effect.sync(() => table.putItem(item)),
    changesOf: (pk) => Effect.sync(() => table.changes.filter((change) => change.keys.PK === pk))
  })
})
