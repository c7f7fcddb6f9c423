import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { SlackError } from "../../../src/services/errors.js"
import { message, ReporterWorld, rateLimited, serverError, settings } from "./reporterWorld.js"

const counts = { verified: 75_000, rejected: 1_200, selected: 0 }

describe("verdictReporter (SPEC §6)", () => {
  it.effect("posts settled counts once, then bypasses the same counts", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", counts)
    return Effect.gen(function* () {
      const first = yield* verdictReporter([message({ campaignId: "c1", count: 76_200, source: "scrubbed/a.csv" })], settings)
      expect(first).toEqual({ result: { input: 1, slack: { posted: 1, interim: 0, bypassed: 0, failed: 0 }, requeue: { sent: 0, failed: 0, gaveUp: 0 } }, retry: [] })
      const again = yield* verdictReporter([message({ campaignId: "c1", count: 76_200 })], settings)
      expect(again.result.slack).toEqual({ posted: 0, interim: 0, bypassed: 1, failed: 0 })
      expect(world.posts).toHaveLength(1)
      const report = Option.getOrThrow(yield* (yield* ReportLedger).lastReport("c1"))
      expect(report).toMatchObject(counts)
      expect(report.postedAt).toEqual(expect.any(String))
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("requeues unsettled counts with lastSeen and attempt, delayed; settles when the total stops moving", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 10, rejected: 2, selected: 0 })
    return Effect.gen(function* () {
      const first = yield* verdictReporter([message({ campaignId: "c1", count: 20, source: "k" })], settings)
      expect(first.result.requeue).toEqual({ sent: 1, failed: 0, gaveUp: 0 })
      expect(world.queue.sent).toEqual([{ body: { campaignId: "c1", count: 20, source: "k", lastSeen: 12, attempt: 1, since: 0 }, delaySeconds: 30 }])
      yield* verdictReporter([message(world.queue.sent[0]!.body)], settings)
      expect(world.posts).toHaveLength(1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("reports the counts as they are after the maximum attempts", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 1, rejected: 0, selected: 0 })
    return Effect.gen(function* () {
      const { result } = yield* verdictReporter([message({ campaignId: "c1", count: 99, lastSeen: 0, attempt: 3 })], settings)
      expect(result.slack.posted).toBe(1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("handles several messages of one campaign once, with the highest count", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", { verified: 5, rejected: 0, selected: 0 })
    return Effect.gen(function* () {
      const { result } = yield* verdictReporter([message({ campaignId: "c1", count: 2 }), message({ campaignId: "c1", count: 5 }), message({ campaignId: "c1", count: 3 })], settings)
      expect(result).toEqual({ input: 3, slack: { posted: 1, interim: 0, bypassed: 0, failed: 0 }, requeue: { sent: 0, failed: 0, gaveUp: 0 } })
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("posts at most once when two reporters run at the same time", () => {
    const world = new ReporterWorld()
    world.setCounts("c1", counts)
    return Effect.gen(function* () {
      const both = yield* Effect.all([verdictReporter([message({ campaignId: "c1", count: 76_200 })], settings), verdictReporter([message({ campaignId: "c1", count: 76_200 })], settings)], { concurrency: 2 })
      expect(both.map((b) => b.result.slack.posted).sort()).toEqual([0, 1])
      expect(world.posts).toHaveLength(1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("asks again in a few seconds when Slack fails, leaving the counts unreported (no wait for the visibility timeout)", () => {
    const world = new ReporterWorld((call) => (call === 1 ? serverError : undefined))
    world.setCounts("c1", counts)
    const failing = message({ campaignId: "c1", count: 76_200 })
    return Effect.gen(function* () {
      const first = yield* verdictReporter([failing], settings)
      expect(first).toMatchObject({ result: { slack: { posted: 0, failed: 1 }, requeue: { sent: 1 } }, retry: [] })
      expect(world.queue.sent).toEqual([{ body: { campaignId: "c1", count: 76_200, since: 0 }, delaySeconds: 5 }])
      expect(Option.isNone(yield* (yield* ReportLedger).lastReport("c1"))).toBe(true)
      const retried = yield* verdictReporter([message(world.queue.sent[0]!.body)], settings)
      expect(retried.result.slack.posted).toBe(1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("hands back a message whose post Slack refuses for good (a bad token): it goes to the dead-letter queue in the end", () => {
    const world = new ReporterWorld(() => new SlackError({ reason: "invalid_auth", retryable: false }))
    world.setCounts("c1", counts)
    const failing = message({ campaignId: "c1", count: 76_200 })
    return Effect.gen(function* () {
      const { result, retry } = yield* verdictReporter([failing], settings)
      expect(result.slack.failed).toBe(1)
      expect(retry).toEqual([failing.messageId])
      expect(world.queue.sent).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })

  it.live("waits out a short Retry-After once, and asks again after a long one", () =>
    Effect.gen(function* () {
      const short = new ReporterWorld((call) => (call === 1 ? rateLimited(1) : undefined))
      short.setCounts("c1", counts)
      const started = Date.now()
      const ok = yield* Effect.provide(verdictReporter([message({ campaignId: "c1", count: 76_200 })], settings), short.layer)
      expect(ok.result.slack.posted).toBe(1)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      const long = new ReporterWorld(() => rateLimited(60))
      long.setCounts("c1", counts)
      const back = yield* Effect.provide(verdictReporter([message({ campaignId: "c1", count: 76_200 })], settings), long.layer)
      expect(back.result.slack.failed).toBe(1)
      expect(back.retry).toEqual([])
      expect(long.queue.sent.map((sent) => sent.delaySeconds)).toEqual([60])
    }))

  it.effect("drops a body that is not a verdict message, without a retry", () => {
    const world = new ReporterWorld()
    return Effect.gen(function* () {
      const { result, retry } = yield* verdictReporter([message("{not json"), message({ campaignId: "", count: -1 })], settings)
      expect(result).toEqual({ input: 2, slack: { posted: 0, interim: 0, bypassed: 0, failed: 0 }, requeue: { sent: 0, failed: 0, gaveUp: 0 } })
      expect(retry).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })
})
