import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Option, TestClock } from "effect"
import { addToProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { message, ReporterWorld, rateLimited, settings } from "./reporterWorld.js"

/** SPEC §6, "Ordered and final": posts never go back in time, an interim post is always closed, a failed claimant holds no one up. */

const textOf = (world: ReporterWorld) => world.posts.map((post) => post.text)

describe("ordered and final reports", () => {
  it.live("a report that waits out Retry-After is never posted after newer counts: the newer report waits for the claim, then follows", () =>
    Effect.gen(function* () {
      const world = new ReporterWorld((call) => (call === 1 ? rateLimited(1) : undefined))
      world.setCounts("c1", { verified: 86, rejected: 23, selected: 0 })
      const older = yield* Effect.fork(verdictReporter([message({ campaignId: "c1", count: 109 })], settings).pipe(Effect.provide(world.layer)))
      yield* Effect.sleep("200 millis")
      // Counted meanwhile, and a second file's message handled by another reporter during the wait.
      world.setCounts("c1", { verified: 89, rejected: 20, selected: 0 })
      const newer = yield* verdictReporter([message({ campaignId: "c1", count: 109 })], settings).pipe(Effect.provide(world.layer))
      expect(newer.result.slack.posted).toBe(0)
      expect(world.queue.sent).toHaveLength(1)
      expect(world.queue.sent[0]!.delaySeconds).toBeLessThanOrEqual(21)
      yield* Fiber.join(older)
      yield* verdictReporter([message(world.queue.sent[0]!.body)], settings).pipe(Effect.provide(world.layer))
      expect(textOf(world)).toEqual([
        "Summer Tour 2026: 86 verified (+86), 23 rejected (+23), 0 selected (+0)",
        "Summer Tour 2026: 89 verified (+3), 20 rejected (−3), 0 selected (+0)"
      ])
    }))

  it.effect("an older reading of the counts is bypassed once newer counts were posted", () => {
    const world = new ReporterWorld()
    return Effect.gen(function* () {
      const ledger = yield* ReportLedger
      world.setCounts("c1", { verified: 40, rejected: 55, selected: 0 })
      yield* verdictReporter([message({ campaignId: "c1", count: 95 })], settings)
      // A reporter that read version 1 earlier and claims only now.
      const stale = yield* ledger.claimReport("c1", { counts: { verified: 37, rejected: 33, selected: 0, version: 0 }, final: true }, "late", 20_000)
      expect(stale._tag).toBe("Reported")
      expect(textOf(world)).toHaveLength(1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a final report closes an interim one even when the counts did not move since", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 30, rejected: 15, selected: 0 })
    addToProgress(world.table, "c1", "r1", { expected: 50, counted: 45, marks: ["l1/s1"] })
    const body = { campaignId: "c1", count: 50, source: "k", run: "r1", loadId: "l1", shards: 1 }
    return Effect.gen(function* () {
      yield* verdictReporter([message({ ...body, attempt: settings.maxAttempts })], settings)
      expect(textOf(world)).toEqual(["Summer Tour 2026: 30 verified (+30), 15 rejected (+15), 0 selected (+0) (counting still in progress)"])
      // The last changes counted net to nothing (a flip there and back): the numbers stand, the evidence completes.
      addToProgress(world.table, "c1", "r1", { expected: 0, counted: 5, marks: [] })
      yield* verdictReporter([message({ ...body, attempt: settings.maxAttempts + 1 })], settings)
      expect(textOf(world)).toEqual([
        "Summer Tour 2026: 30 verified (+30), 15 rejected (+15), 0 selected (+0) (counting still in progress)",
        "Summer Tour 2026: 30 verified (+0), 15 rejected (+0), 0 selected (+0)"
      ])
      expect(Option.getOrThrow(yield* (yield* ReportLedger).lastReport("c1"))).toMatchObject({ final: true })
      // And never again.
      yield* verdictReporter([message({ ...body, attempt: settings.maxAttempts + 2 })], settings)
      expect(textOf(world)).toHaveLength(2)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a claimant that died holds the others off for its lease only, and they are asked again when it ends", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 7, rejected: 1, selected: 0 })
    return Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      yield* (yield* ReportLedger).claimReport("c1", { counts: { verified: 7, rejected: 1, selected: 0, version: 1 }, final: true }, "dead", now + settings.leaseMillis)
      const first = yield* verdictReporter([message({ campaignId: "c1", count: 8 })], settings)
      expect(first).toMatchObject({ result: { slack: { posted: 0 }, requeue: { sent: 1 } }, retry: [] })
      const delay = world.queue.sent[0]!.delaySeconds
      expect(delay).toBe(settings.leaseMillis / 1000 + 1)
      yield* TestClock.adjust(`${delay} seconds`)
      yield* verdictReporter([message(world.queue.sent[0]!.body)], settings)
      expect(textOf(world)).toEqual(["Summer Tour 2026: 7 verified (+7), 1 rejected (+1), 0 selected (+0)"])
    }).pipe(Effect.provide(world.layer))
  })

  it.live("a post never starts when the claim would end before it could finish: it is asked again instead", () =>
    Effect.gen(function* () {
      // Retry-After 3 s, but only 2 s of lease would be left for a post that needs 12.
      const world = new ReporterWorld((call) => (call === 1 ? rateLimited(3) : undefined))
      world.setCounts("c1", { verified: 1, rejected: 0, selected: 0 })
      const tight = { ...settings, maxRetryAfterSeconds: 5, leaseMillis: 14_000 }
      const { result } = yield* verdictReporter([message({ campaignId: "c1", count: 1 })], tight).pipe(Effect.provide(world.layer))
      expect(result.slack).toMatchObject({ posted: 0, failed: 1 })
      expect(world.queue.sent.map((sent) => sent.delaySeconds)).toEqual([3])
      expect(world.slackCalls).toBe(1)
    }))
})
