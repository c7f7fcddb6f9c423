import { Effect, Layer } from "effect"
import type { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { loadScoresToDynamoDB } from "../../../src/pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { IncomingRecord } from "../../../src/pipelines/delivery/incomingRecords.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { RunProgress } from "../../../src/services/RunProgress.js"

/** How an upsert of a failing PK fails: refused, or applied with its reply lost. */
export type UpsertFault = "refused" | "lost reply"

/** The writer over a table that fails the PKs in `failing`, as a Lambda invocation. */
export const deliverToWriter = (table: MemoryDemandTable, records: ReadonlyArray<IncomingRecord>, failing: ReadonlyMap<string, UpsertFault> = new Map()) => {
  const faulty = DemandTable.of({
    ...table.service,
    upsertStamped: (item, stamp) => {
      const fault = failing.get(item.PK)
      if (fault === undefined) return table.upsertStamped(item, stamp)
      const error = Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: fault }))
      return fault === "refused" ? error : Effect.zipRight(table.upsertStamped(item, stamp), error)
    }
  })
  const layer = Layer.merge(Layer.succeed(DemandTable, faulty), Layer.succeed(RunProgress, memoryRunProgress(table)))
  return loadScoresToDynamoDB(records).pipe(Effect.provide(layer))
}
