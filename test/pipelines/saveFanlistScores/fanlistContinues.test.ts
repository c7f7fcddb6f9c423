import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import type { FanlistResult } from "../../../src/pipelines/saveFanlistScores/FanlistResult.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { LoadDeadline } from "../../../src/services/LoadDeadline.js"
import { fanlistChunks } from "../../support/fanlistFile.js"

/** Continuations: a fanlist's load that nears its invocation's end stops at a group of fans and goes on in the next, to the same end. */

const key = "fanlist/scored/c17/20261202T1000.csv"
const fileBytes = () => {
  const pieces = [...fanlistChunks({ rows: 6_000, fans: 2_500 })]
  return Buffer.concat(pieces)
}

/** A deadline whose invocation is near its end at its `calls`-th look (a look before each group but the first). */
const nearEndAt = (calls: number) => {
  let looked = 0
  return Layer.succeed(LoadDeadline, { remainingMillis: Effect.sync(() => (++looked >= calls ? 0 : 10 * 60_000)), reserveMillis: 60_000 })
}

const quietly = Logger.withMinimumLogLevel(LogLevel.None)

/** Runs the load as Lambda would, one invocation after the other, each with `groups` groups of time, until it is done. */
const invocations = (world: MemoryWorld, groups: number) =>
  Effect.gen(function* () {
    const results: Array<FanlistResult> = []
    let resume: FanlistResult["continues"] = undefined
    do {
      const result: FanlistResult = yield* saveFanlistScores(key, { version: "v1", ...(resume === undefined ? {} : { resume }) }).pipe(
        Effect.provide(nearEndAt(groups)),
        Effect.provide(world.layer),
        quietly
      )
      results.push(result)
      resume = result.continues
    } while (resume !== undefined && results.length < 50)
    return results
  })

const worldOf = () => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new Uint8Array(fileBytes()))
  return world
}

describe("saveFanlistScores across invocations", () => {
  it.effect("stops between groups of fans near the end, goes on from its checkpoint, and ends as one uninterrupted run", () =>
    Effect.gen(function* () {
      const whole = worldOf()
      const [once] = yield* invocations(whole, 1_000)
      expect(once!.continues).toBeUndefined()
      expect(once!.input.valid).toBe(2_500)

      const split = worldOf()
      const steps = yield* invocations(split, 3)
      // 2,500 fans are 10 groups of 256: 3 groups an invocation makes 4 invocations.
      expect(steps.map((step) => step.continues?.groupsDone)).toEqual([3, 6, 9, undefined])
      expect(steps.map((step) => step.continues?.invocations)).toEqual([2, 3, 4, undefined])
      const last = steps.at(-1)!
      expect(last).toEqual(once)
      // Nothing was sent before the last invocation: one verdict message, as one run sends.
      const bodies = (world: MemoryWorld) => world.verdictQueue.sent.map((sent) => ({ ...sent.body, loadId: "<load>", since: "<time>" }))
      expect(bodies(split)).toEqual(bodies(whole))
      expect(split.verdictQueue.sent).toHaveLength(1)
      // Every item alike, but for the times and the load's own id in the run's progress (each world had a load of its own).
      const items = (world: MemoryWorld) => [...world.demandTable.sortedItems()].map(({ date: _date, marks: _marks, ...item }) => item)
      expect(items(split)).toEqual(items(whole))
      // The same records, each once; every invocation's records carry the load's one correlation id and date.
      const metas = new Set(split.campaignDataStream.records().map((record) => JSON.stringify((record.data as { __meta: unknown }).__meta)))
      expect(metas.size).toBe(1)
      const records = (world: MemoryWorld) =>
        world.campaignDataStream
          .records()
          .map(({ data }) => JSON.stringify({ ...(data as object), __meta: undefined, date: undefined }))
          .sort()
      expect(records(split)).toEqual(records(whole))
      expect(records(split)).toHaveLength(2_500)
    }))

  it.effect("does one group at least in each invocation, however near its end, so that the load always moves on", () =>
    Effect.gen(function* () {
      const steps = yield* invocations(worldOf(), 0)
      expect(steps.map((step) => step.continues?.groupsDone)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, undefined])
      expect(steps.at(-1)!.dynamo.out).toBe(2_500)
    }))

  it.effect("a checkpoint redelivered (its invocation run twice) ends in the same table and counts, its records again at most", () =>
    Effect.gen(function* () {
      const whole = worldOf()
      const [once] = yield* invocations(whole, 1_000)
      const world = worldOf()
      const run = (resume: FanlistResult["continues"]) =>
        saveFanlistScores(key, { version: "v1", ...(resume === undefined ? {} : { resume }) }).pipe(Effect.provide(nearEndAt(3)), Effect.provide(world.layer), quietly)
      const first = yield* run(undefined)
      // Lambda gives the continuation twice: both runs of it upsert the same groups, stamped with the run and line.
      const again = yield* run(first.continues)
      const twice = yield* run(first.continues)
      expect(twice.continues).toEqual(again.continues)
      let step = twice
      while (step.continues !== undefined) step = yield* run(step.continues)
      expect(step).toEqual(once)
      const items = (w: MemoryWorld) => [...w.demandTable.sortedItems()].map(({ date: _date, marks: _marks, ...item }) => item)
      expect(items(world)).toEqual(items(whole))
      const records = (w: MemoryWorld) => [...new Set(w.campaignDataStream.records().map(({ data }) => JSON.stringify({ ...(data as object), __meta: undefined, date: undefined })))].sort()
      expect(records(world)).toEqual(records(whole))
      expect(world.campaignDataStream.records().length).toBeGreaterThan(2_500)
    }))
})
