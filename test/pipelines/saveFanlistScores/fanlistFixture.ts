import { Effect, Layer } from "effect"
import { JsonLogging } from "../../../src/layers/observability/JsonLogger.js"
import { MemoryWorld, type MemoryWorldOptions } from "../../../src/local/memory/MemoryWorld.js"
import { type FanlistOptions, saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { DemandTable, type UpsertOutcome, type UpsertResult } from "../../../src/services/DemandTable.js"
import type { WriteStamp } from "../../../src/services/schemas/ScoreWrite.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { type DemandItem, type FanScoreItem, isFanItemKey } from "../../../src/services/schemas/FanScoreItem.js"

export const fanlistKey = "fanlist/scored/c1/20261121T1000.csv"
export const fastRetry = {
  retry: { retries: 3, baseDelay: "1 millis", maxDelay: "2 millis" },
  upsertRetry: { retries: 2, baseDelay: "1 millis", maxDelay: "2 millis" }
} satisfies FanlistOptions

/** A world holding `csv` under the fanlist key. */
export const fanlistWorld = (csv: string, options: MemoryWorldOptions = {}) => {
  const world = new MemoryWorld(options)
  world.bucket.objects.set(fanlistKey, new TextEncoder().encode(csv))
  return world
}

/** What a run did with the table: each upsert's PK and outcome, in the order they ended. */
export type Upserts = Array<readonly [string, UpsertOutcome | "failed"]>

/**
 * Runs the worker on the world's fanlist through a wrapped table: `failPK` makes the
 * table fail those items' upserts (every retry too); `upserts`, when given, records every
 * upsert (each try).
 */
export const runFanlist = (world: MemoryWorld, failPK: ReadonlyArray<string> = [], key = fanlistKey, upserts?: Upserts) => {
  const upsert = (item: FanScoreItem, stamp?: WriteStamp): Effect.Effect<UpsertResult, DemandTableError> =>
    failPK.includes(item.PK)
      ? Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: "throttled" }))
      : world.demandTable.upsertStamped(item, stamp)
  const recorded = (item: FanScoreItem, stamp?: WriteStamp) =>
    upsert(item, stamp).pipe(
      Effect.tap((done) => void upserts?.push([item.PK, done.outcome])),
      Effect.tapError(() => Effect.sync(() => void upserts?.push([item.PK, "failed"])))
    )
  const table = DemandTable.of({
    ...world.demandTable.service,
    upsertFanScore: (item) => Effect.map(recorded(item), (done) => done.outcome),
    upsertStamped: recorded
  })
  return saveFanlistScores(key, fastRetry).pipe(Effect.provide(Layer.merge(world.layer, Layer.succeed(DemandTable, table))))
}

/** Runs the worker with its logs as parsed JSON lines (level, message and annotations). */
export const runLogged = (world: MemoryWorld) => {
  const lines: Array<Record<string, unknown>> = []
  const logging = JsonLogging((line) => void lines.push(JSON.parse(line) as Record<string, unknown>))
  return Effect.map(runFanlist(world).pipe(Effect.provide(logging)), (result) => ({ result, lines }))
}

/** The fan items of the table, without the writers' stamp (lastWrite: bookkeeping of runs, tested on its own). */
export const fanItems = (world: MemoryWorld) =>
  world.demandTable
    .allItems()
    .filter((item) => !item.SK.startsWith("meta:"))
    .map(({ lastWrite: _stamp, ...item }) => item as DemandItem)

/** Changes of fan items the table's stream carried (meta: items aside: the stack's filter keeps them from the counter). */
export const fanChanges = (world: MemoryWorld) => world.demandTable.changes.filter((change) => isFanItemKey(change.keys))
