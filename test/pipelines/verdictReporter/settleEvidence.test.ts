import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { addToProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { message, ReporterWorld, settings } from "./reporterWorld.js"

/** SPEC §6 (amended): settled on evidence that the file's changes were counted, not on a timer. */

const body = (fields: object = {}) => ({ campaignId: "c1", count: 4, source: "k", run: "r1", loadId: "l1", shards: 2, ...fields })

/** The run's progress: the count-moving writes its records made, those counted, the marks passed. */
const progress = (world: ReporterWorld, expected: number, counted: number, marks: ReadonlyArray<string>) =>
  addToProgress(world.table, "c1", "r1", { expected, counted, marks })

describe("the verdict reporter's settle evidence", () => {
  it.effect("does not post while counts stand still but changes are uncounted (the old rule total = lastSeen would have)", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 2, rejected: 0, selected: 0 })
    progress(world, 4, 2, ["l1/s1", "l1/s2"])
    return Effect.gen(function* () {
      yield* verdictReporter([message(body({ lastSeen: 2, attempt: 1 }))], settings)
      expect(world.posts).toEqual([])
      expect(world.queue.sent).toMatchObject([{ body: { attempt: 2, lastSeen: 2, run: "r1" }, delaySeconds: 30 }])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("waits for every shard's mark, then posts the counts once everything is counted", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 3, rejected: 1, selected: 0 })
    progress(world, 4, 4, ["l1/s1", "other-load/s2"])
    return Effect.gen(function* () {
      yield* verdictReporter([message(body())], settings)
      expect(world.posts).toEqual([])
      progress(world, 0, 0, ["l1/s2"])
      yield* verdictReporter([message(body({ attempt: 1 }))], settings)
      expect(world.posts.map((post) => post.text)).toEqual(["Summer Tour 2026: 3 verified (+3), 1 rejected (+1), 0 selected (+0)"])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("at the attempt cap posts once, saying counting is in progress, and goes on asking; never posts the same counts twice", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 1, rejected: 0, selected: 0 })
    progress(world, 4, 1, ["l1/s1", "l1/s2"])
    return Effect.gen(function* () {
      yield* verdictReporter([message(body({ attempt: settings.maxAttempts }))], settings)
      yield* verdictReporter([message(body({ attempt: settings.maxAttempts + 1 }))], settings)
      expect(world.posts.map((post) => post.text)).toEqual(["Summer Tour 2026: 1 verified (+1), 0 rejected (+0), 0 selected (+0) (counting still in progress)"])
      expect(world.queue.sent.map((sent) => sent.body.attempt)).toEqual([settings.maxAttempts + 1, settings.maxAttempts + 2])
      progress(world, 0, 3, [])
      world.setCounts("c1", { verified: 4, rejected: 0, selected: 0 })
      yield* verdictReporter([message(body({ attempt: settings.maxAttempts + 2 }))], settings)
      expect(world.posts.at(-1)!.text).toBe("Summer Tour 2026: 4 verified (+3), 0 rejected (+0), 0 selected (+0)")
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("gives up after VERDICT_GIVE_UP_SECONDS of waiting, logging what to run", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 1, rejected: 0, selected: 0 })
    progress(world, 4, 1, ["l1/s1", "l1/s2"])
    return Effect.gen(function* () {
      yield* TestClock.setTime(10_000_000)
      const since = 10_000_000 - settings.giveUpSeconds * 1000
      const { result, retry } = yield* verdictReporter([message(body({ attempt: settings.maxAttempts + 5, since }))], settings)
      expect(result.requeue).toEqual({ sent: 0, failed: 0, gaveUp: 1 })
      expect(retry).toEqual([])
      expect(world.queue.sent).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("handles the messages of two loads of one campaign in one batch each, one after the other", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 4, rejected: 0, selected: 0 })
    progress(world, 4, 4, ["l1/s1", "l1/s2"])
    return Effect.gen(function* () {
      const { result } = yield* verdictReporter([message(body()), message(body({ run: "r2", loadId: "l2" }))], settings)
      // r1's evidence is complete: posted; r2 has no progress yet: it asks again.
      expect(result).toMatchObject({ slack: { posted: 1 }, requeue: { sent: 1 } })
      expect(world.queue.sent).toMatchObject([{ body: { run: "r2" } }])
    }).pipe(Effect.provide(world.layer))
  })
})
