import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Fiber, Layer, Random, Schema } from "effect"
import { CurrentServiceCallPolicy, makeServiceClient, type ServiceCallPolicy } from "../../../src/layers/http/serviceClient.js"
import { expectRetriesAfter, logsInto, toTheEnd } from "../../support/retryClock.js"

/** One scripted answer: a status, a JSON body and headers; or `hang` for none at all. */
type Reply = { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> } | "hang"

const policy: ServiceCallPolicy = {
  retries: 4,
  baseDelay: "100 millis",
  maxDelay: "300 millis",
  attemptTimeout: "5 seconds",
  maxRetryAfter: "10 seconds"
}

/**
 * GET /thing through the real service client over a fake HttpClient answering `replies[n]` on
 * attempt n (the last one repeating), with the TestClock time and the headers of each attempt.
 */
const scriptedGet = (replies: ReadonlyArray<Reply>, callPolicy = policy) =>
  Effect.gen(function* () {
    const at: Array<number> = []
    const correlationIds: Array<string | undefined> = []
    const http = HttpClient.make((request) =>
      Effect.gen(function* () {
        at.push(yield* Effect.clockWith((clock) => clock.currentTimeMillis))
        correlationIds.push(request.headers["x-correlation-id"])
        const reply = replies[Math.min(at.length, replies.length) - 1]!
        if (reply === "hang") return yield* Effect.never
        const body = JSON.stringify(reply.body ?? {})
        return HttpClientResponse.fromWeb(request, new Response(body, { status: reply.status, headers: reply.headers ?? {} }))
      })
    )
    const layers = Layer.mergeAll(
      Layer.succeed(HttpClient.HttpClient, http),
      Layer.succeed(CurrentServiceCallPolicy, callPolicy),
      Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["THING_URL", "http://thing.test"], ["SERVICE_TOKEN", "t"]])))
    )
    const client = yield* Effect.provide(makeServiceClient("ThingService", "THING_URL"), layers)
    return { at, correlationIds, get: client.get("/thing", Schema.Struct({ ok: Schema.Boolean })) }
  })

const ok: Reply = { status: 200, body: { ok: true } }

describe("service client retries (TestClock)", () => {
  it.effect("tries retries + 1 times on a 500, a warning before each retry, then fails retryable", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const { at, get } = yield* scriptedGet([{ status: 500, body: "down" }])
      const error = yield* toTheEnd(Effect.flip(get).pipe(Effect.withRandom(Random.fixed([1])), logsInto(lines)))
      expect(error).toMatchObject({ _tag: "ServiceCallError", status: 500, retryable: true, reason: 'reply: "down"' })
      expect(at).toHaveLength(policy.retries + 1)
      expect(lines.map((line) => line.replace(/^WARN .*; /, ""))).toEqual([
        "retry 1 of 4 in 100ms",
        "retry 2 of 4 in 200ms",
        "retry 3 of 4 in 300ms",
        "retry 4 of 4 in 300ms"
      ])
    }))

  it.effect("retries a 503, then succeeds, with the same correlation id on every attempt", () =>
    Effect.gen(function* () {
      const { at, correlationIds, get } = yield* scriptedGet([{ status: 503 }, ok])
      expect(yield* toTheEnd(get).pipe(Effect.annotateLogs("correlationId", "corr-42"))).toEqual({ ok: true })
      expect(at).toHaveLength(2)
      expect(correlationIds).toEqual(["corr-42", "corr-42"])
    }))

  for (const status of [400, 404]) {
    it.effect(`does not retry ${status}, nor warn`, () =>
      Effect.gen(function* () {
        const lines: Array<string> = []
        const { at, get } = yield* scriptedGet([{ status }, ok])
        expect(yield* toTheEnd(Effect.flip(get)).pipe(logsInto(lines))).toMatchObject({ status, retryable: false })
        expect(at).toHaveLength(1)
        expect(lines).toEqual([])
      }))
  }

  it.effect("waits 100, 200, 300, 300 ms between attempts (doubling, capped; jitter at 1×)", () =>
    Effect.gen(function* () {
      const { at, get } = yield* scriptedGet([{ status: 502 }])
      const fiber = yield* Effect.fork(Effect.flip(get).pipe(Effect.withRandom(Random.fixed([1]))))
      yield* expectRetriesAfter(at, [100, 200, 300, 300])
      expect(yield* Fiber.join(fiber)).toMatchObject({ status: 502 })
    }))

  for (const [status, retryAfter, waited] of [
    [429, "3", 3_000],
    [503, "Thu, 01 Jan 1970 00:00:05 GMT", 5_000], // the TestClock starts at 0
    [503, "3600", 10_000], // capped at maxRetryAfter
    [429, "3600", 10_000]
  ] as const) {
    it.effect(`waits Retry-After ${retryAfter} after a ${status} (${waited} ms, not earlier), then succeeds`, () =>
      Effect.gen(function* () {
        const lines: Array<string> = []
        const { at, get } = yield* scriptedGet([{ status, headers: { "retry-after": retryAfter } }, ok])
        const fiber = yield* Effect.fork(get.pipe(logsInto(lines)))
        yield* expectRetriesAfter(at, [waited])
        expect(yield* Fiber.join(fiber)).toEqual({ ok: true })
        expect(lines).toHaveLength(1)
        expect(lines[0]).toMatch(new RegExp(`^WARN .*HTTP ${status}.*; retry 1 of 4 in ${waited / 1000}s$`))
      }))
  }

  it.effect("ignores Retry-After on a 500: the backoff is waited", () =>
    Effect.gen(function* () {
      const { at, get } = yield* scriptedGet([{ status: 500, headers: { "retry-after": "3" } }, ok])
      const fiber = yield* Effect.fork(get.pipe(Effect.withRandom(Random.fixed([1]))))
      yield* expectRetriesAfter(at, [100])
      expect(yield* Fiber.join(fiber)).toEqual({ ok: true })
    }))

  it.effect("times out an attempt that gets no answer after attemptTimeout, then retries it", () =>
    Effect.gen(function* () {
      const { at, get } = yield* scriptedGet(["hang", ok])
      const fiber = yield* Effect.fork(get.pipe(Effect.withRandom(Random.fixed([1]))))
      yield* expectRetriesAfter(at, [5_000 + 100])
      expect(yield* Fiber.join(fiber)).toEqual({ ok: true })
    }))
})
