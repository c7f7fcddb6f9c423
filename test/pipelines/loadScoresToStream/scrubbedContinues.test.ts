import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import type { LoadScoresResult } from "../../../src/pipelines/loadScoresToStream/LoadScoresResult.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { LoadDeadline } from "../../../src/services/LoadDeadline.js"
import { scrubbedFileChunks, scrubbedKey } from "../../support/scrubbedFile.js"

/** Continuations: a scrubbed file's load that nears its invocation's end stops between batches of fan records and goes on in the next, to the same end. */

const key = scrubbedKey("c17")
// Invalid rows (refused, and in the rejects file) and quoted line breaks: the continuation must place lines as one run does.
const fileBytes = Buffer.concat([...scrubbedFileChunks({ rows: 6_000, campaignId: "c17", invalidEvery: 37, multilineEvery: 101, chunkBytes: 4096 })])

/** A deadline whose invocation is near its end at its `calls`-th look (a look as each batch of records comes). */
const nearEndAt = (calls: number) => {
  let looked = 0
  return Layer.succeed(LoadDeadline, { remainingMillis: Effect.sync(() => (++looked >= calls ? 0 : 10 * 60_000)), reserveMillis: 60_000 })
}

const quietly = Logger.withMinimumLogLevel(LogLevel.None)

const worldOf = () => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new Uint8Array(fileBytes))
  return world
}

type Checkpoint = LoadScoresResult["continues"]

/** One invocation of the load, with `batches` batches of time, from `resume`. */
const invocation = (world: MemoryWorld, batches: number, resume: Checkpoint) =>
  loadScoresToStream(key, { version: "v1", ...(resume === undefined ? {} : { resume }) }).pipe(
    Effect.provide(nearEndAt(batches)),
    Effect.provide(world.layer),
    quietly
  )

/** Runs the load as Lambda would, one invocation after the other, until it is done. */
const invocations = (world: MemoryWorld, batches: number) =>
  Effect.gen(function* () {
    const results: Array<LoadScoresResult> = []
    let resume: Checkpoint = undefined
    do {
      const result: LoadScoresResult = yield* invocation(world, batches, resume)
      results.push(result)
      resume = result.continues
    } while (resume !== undefined && results.length < 50)
    return results
  })

/** What the scores stream holds, as a set: the records without the load's own correlation id and date. */
const recordSet = (world: MemoryWorld) =>
  [...new Set(world.scoresStream.records().map(({ partitionKey, data }) => JSON.stringify({ partitionKey, ...(data as object), __meta: undefined })))].sort()
const metas = (world: MemoryWorld) => new Set(world.scoresStream.records().map(({ data }) => JSON.stringify((data as { __meta: unknown }).__meta)))
const messages = (world: MemoryWorld) => world.verdictQueue.sent.map((sent) => ({ ...sent.body, loadId: "<load>", since: "<time>" }))
const rejects = (world: MemoryWorld) => world.bucket.objects.get(`rejects/${key}.csv`)
const marks = (world: MemoryWorld) => world.scoresStream.marks().map(({ partitionKey, data }) => ({ partitionKey, data: { ...(data as object), loadId: "<load>" } }))

describe("loadScoresToStream across invocations", () => {
  it.effect("stops between batches near the end, goes on from its checkpoint, and ends as one uninterrupted run", () =>
    Effect.gen(function* () {
      const whole = worldOf()
      const [once] = yield* invocations(whole, 1_000)
      expect(once!.continues).toBeUndefined()
      expect(once!.invalid).toBeGreaterThan(100)

      const split = worldOf()
      const steps = yield* invocations(split, 2)
      expect(steps.length).toBeGreaterThan(2)
      // Two batches of 500 records an invocation (the deadline is looked at before every batch but the first).
      const done = steps.slice(0, -1).map((step) => step.continues!.recordsDone)
      expect(done).toEqual(done.map((_, at) => (at + 1) * 1_000))
      expect(steps.slice(0, -1).map((step) => step.continues!.invocations)).toEqual(done.map((_, at) => at + 2))
      expect(steps.at(-1)).toEqual(once)
      // Each record once, all with the load's one correlation id and date; one set of end-of-file marks, one verdict message.
      expect(split.scoresStream.records()).toHaveLength(once!.out)
      expect(recordSet(split)).toEqual(recordSet(whole))
      expect(metas(split).size).toBe(1)
      expect(marks(split)).toEqual(marks(whole))
      expect(messages(split)).toEqual(messages(whole))
      expect(split.verdictQueue.sent).toHaveLength(1)
      expect(rejects(split)).toEqual(rejects(whole))
    }))

  it.effect("a checkpoint redelivered (its invocation run twice) ends in the same state: records again at most, counted once", () =>
    Effect.gen(function* () {
      const whole = worldOf()
      const [once] = yield* invocations(whole, 1_000)

      const world = worldOf()
      const first = yield* invocation(world, 3, undefined)
      // Lambda gives the continuation twice (a lost reply to the invoke, or its own at-least-once delivery).
      const again = yield* invocation(world, 3, first.continues)
      const twice = yield* invocation(world, 3, first.continues)
      expect(twice.continues).toEqual(again.continues)
      let step = twice
      while (step.continues !== undefined) step = yield* invocation(world, 3, step.continues)
      expect(step).toEqual(once)
      expect(recordSet(world)).toEqual(recordSet(whole))
      expect(world.scoresStream.records().length).toBeGreaterThan(once!.out) // the redelivered part went out again: at-least-once
    }))

  it.effect("puts one batch at least in each invocation, however near its end, so that the load always moves on", () =>
    Effect.gen(function* () {
      const [once] = yield* invocations(worldOf(), 1_000)
      const steps = yield* invocations(worldOf(), 0)
      expect(steps.slice(0, -1).map((step) => step.continues!.recordsDone)).toEqual(steps.slice(0, -1).map((_, at) => (at + 1) * 500))
      expect(steps).toHaveLength(Math.ceil(once!.out / 500))
      expect(steps.at(-1)).toEqual(once)
    }))
})
