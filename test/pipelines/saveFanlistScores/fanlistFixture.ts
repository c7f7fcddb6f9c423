import { Effect, Layer } from "effect"
import { JsonLogging } from "../../../src/layers/observability/JsonLogger.js"
import { MemoryWorld, type MemoryWorldOptions } from "../../../src/layers/memory/MemoryWorld.js"
import { type FanlistOptions, saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { DemandTable, type UpsertOutcome } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import type { FanScoreItem } from "../../../src/services/schemas/FanScoreItem.js"

export const fanlistKey = "fanlist/scored/c1/20261121T1000.csv"
export const fastRetry = { retry: { retries: 3, baseDelay: "1 millis", maxDelay: "2 millis" } } satisfies FanlistOptions

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
 * table fail those items' upserts; `upserts`, when given, records every upsert.
 */
export const runFanlist = (world: MemoryWorld, failPK: ReadonlyArray<string> = [], key = fanlistKey, upserts?: Upserts) => {
  const upsert = (item: FanScoreItem): Effect.Effect<UpsertOutcome, DemandTableError> =>
    failPK.includes(item.PK)
      ? Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: "throttled" }))
      : world.demandTable.upsertFanScore(item)
  const table = DemandTable.of({
    ...world.demandTable.service,
    upsertFanScore: (item) =>
      upsert(item).pipe(
        Effect.tap((outcome) => void upserts?.push([item.PK, outcome])),
        Effect.tapError(() => Effect.sync(() => void upserts?.push([item.PK, "failed"])))
      )
  })
  return saveFanlistScores(key, fastRetry).pipe(Effect.provide(Layer.merge(world.layer, Layer.succeed(DemandTable, table))))
}

/** Runs the worker with its logs as parsed JSON lines (level, message and annotations). */
export const runLogged = (world: MemoryWorld) => {
  const lines: Array<Record<string, unknown>> = []
  const logging = JsonLogging((line) => void lines.push(JSON.parse(line) as Record<string, unknown>))
  return Effect.map(runFanlist(world).pipe(Effect.provide(logging)), (result) => ({ result, lines }))
}

export const fanItems = (world: MemoryWorld) => world.demandTable.allItems().filter((item) => !item.SK.startsWith("meta:"))
