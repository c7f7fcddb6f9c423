import { Effect, Layer } from "effect"
import { MemoryWorld, type MemoryWorldOptions } from "../../../src/layers/memory/MemoryWorld.js"
import { type FanlistOptions, saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"

export const fanlistKey = "fanlist/scored/c1/20261121T1000.csv"
export const fastRetry = { retry: { retries: 3, baseDelay: "1 millis", maxDelay: "2 millis" } } satisfies FanlistOptions

/** A world holding `csv` under the fanlist key. */
export const fanlistWorld = (csv: string, options: MemoryWorldOptions = {}) => {
  const world = new MemoryWorld(options)
  world.bucket.objects.set(fanlistKey, new TextEncoder().encode(csv))
  return world
}

/** Runs the worker on the world's fanlist; `failPK` makes the table fail those items' upserts. */
export const runFanlist = (world: MemoryWorld, failPK: ReadonlyArray<string> = [], key = fanlistKey) => {
  const table = DemandTable.of({
    ...world.demandTable.service,
    upsertFanScore: (item) =>
      failPK.includes(item.PK)
        ? Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: "throttled" }))
        : world.demandTable.upsertFanScore(item)
  })
  return saveFanlistScores(key, fastRetry).pipe(Effect.provide(Layer.merge(world.layer, Layer.succeed(DemandTable, table))))
}

export const fanItems = (world: MemoryWorld) => world.demandTable.allItems().filter((item) => !item.SK.startsWith("meta:"))
