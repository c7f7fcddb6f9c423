import { describe, expect, it } from "@effect/vitest"
import { Clock, Duration, Effect, Fiber, Random, TestClock } from "effect"
import fc from "fast-check"
import { backoffDelay, deliverBatch, type RetryPolicy } from "../../../src/pipelines/shared/deliverRecords.js"
import { outbound } from "../../../src/pipelines/shared/recordBatches.js"
import { StreamPutError } from "../../../src/services/errors.js"
import { oneShard, type PutOutcome, type RecordStream, type StreamEntry } from "../../../src/services/RecordStream.js"

/** A fast policy: tests that sleep for real stay in milliseconds. */
const fast: RetryPolicy = { retries: 3, baseDelay: "1 millis", maxDelay: "4 millis" }

const batchOf = (...ids: ReadonlyArray<string>) => ids.map((id) => outbound(id, JSON.stringify({ id }), id))

type Answer = (entry: StreamEntry, call: number) => PutOutcome | undefined

/**
 * A stream whose answers a test scripts: `answer` may reject an entry on a call,
 * `failCall` may fail a whole call. Keeps the partition keys sent in each call.
 */
const scriptedStream = (answer: Answer = () => undefined, failCall: (call: number) => StreamPutError | undefined = () => undefined) => {
  const calls: Array<Array<string>> = []
  const accepted: Array<string> = []
  const stream: RecordStream = {
    streamName: "test-stream",
    openShards: oneShard,
    putRecords: (entries) =>
      Effect.suspend(() => {
        calls.push(entries.map((entry) => entry.partitionKey))
        const failure = failCall(calls.length)
        if (failure) return Effect.fail(failure)
        return Effect.succeed(
          entries.map((entry): PutOutcome => {
            const outcome = answer(entry, calls.length)
            if (outcome) return outcome
            accepted.push(entry.partitionKey)
            return { accepted: true, shardId: "shardId-0", sequenceNumber: String(accepted.length) }
          })
        )
      })
  }
  return { stream, calls, accepted }
}

const throttled: PutOutcome = { accepted: false, errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded" }

describe("deliverBatch", () => {
  it.effect("puts a batch in one call when the stream accepts everything", () =>
    Effect.gen(function* () {
      const { stream, calls } = scriptedStream()
      const delivery = yield* deliverBatch(stream, batchOf("a", "b", "c"), fast)
      expect(delivery).toEqual({ accepted: 3, failed: [] })
      expect(calls).toEqual([["a", "b", "c"]])
    }))

  it.live("retries only the records a call rejected, until all are in", () =>
    Effect.gen(function* () {
      const { stream, calls, accepted } = scriptedStream((entry, call) =>
        (call === 1 && ["b", "d", "e"].includes(entry.partitionKey)) || (call === 2 && entry.partitionKey === "e") ? throttled : undefined
      )
      const delivery = yield* deliverBatch(stream, batchOf("a", "b", "c", "d", "e"), fast)
      expect(delivery).toEqual({ accepted: 5, failed: [] })
      expect(calls).toEqual([["a", "b", "c", "d", "e"], ["b", "d", "e"], ["e"]])
      expect([...accepted].sort()).toEqual(["a", "b", "c", "d", "e"])
    }))

  it.live("gives up on a record the stream always rejects after the retries of the policy, keeping its reason", () =>
    Effect.gen(function* () {
      const { stream, calls } = scriptedStream((entry) => (entry.partitionKey === "b" ? throttled : undefined))
      const delivery = yield* deliverBatch(stream, batchOf("a", "b", "c"), fast)
      expect(delivery.accepted).toBe(2)
      expect(delivery.failed).toHaveLength(1)
      expect(delivery.failed[0]!.item.meta).toBe("b")
      expect(delivery.failed[0]!.reason).toBe("ProvisionedThroughputExceededException: Rate exceeded")
      expect(calls).toHaveLength(fast.retries + 1)
      expect(calls.slice(1)).toEqual([["b"], ["b"], ["b"]])
    }))

  it.effect("fails the whole batch at once on a call error that is not retryable", () =>
    Effect.gen(function* () {
      const missing = new StreamPutError({ stream: "test-stream", reason: "ResourceNotFoundException", retryable: false })
      const { stream, calls } = scriptedStream(undefined, () => missing)
      const delivery = yield* deliverBatch(stream, batchOf("a", "b"), fast)
      expect(delivery.accepted).toBe(0)
      expect(delivery.failed.map((failure) => [failure.item.meta, failure.reason])).toEqual([
        ["a", "ResourceNotFoundException"],
        ["b", "ResourceNotFoundException"]
      ])
      expect(calls).toHaveLength(1)
    }))

  it.live("retries a whole call that failed with a retryable error", () =>
    Effect.gen(function* () {
      const network = new StreamPutError({ stream: "test-stream", reason: "socket hang up", retryable: true })
      const { stream, calls } = scriptedStream(undefined, (call) => (call === 1 ? network : undefined))
      const delivery = yield* deliverBatch(stream, batchOf("a", "b"), fast)
      expect(delivery).toEqual({ accepted: 2, failed: [] })
      expect(calls).toEqual([["a", "b"], ["a", "b"]])
    }))

  it.live("stops retrying a call that keeps failing after the retries of the policy", () =>
    Effect.gen(function* () {
      const network = new StreamPutError({ stream: "test-stream", reason: "503", retryable: true })
      const { stream, calls } = scriptedStream(undefined, () => network)
      const delivery = yield* deliverBatch(stream, batchOf("a", "b"), fast)
      expect(delivery.accepted).toBe(0)
      expect(delivery.failed.map((failure) => failure.item.meta)).toEqual(["a", "b"])
      expect(calls).toHaveLength(fast.retries + 1)
    }))

  it.effect("fails a record over 1 MiB without sending it, and sends the others", () =>
    Effect.gen(function* () {
      const big = outbound("big", "x".repeat(1024 * 1024), "big")
      const { stream, calls } = scriptedStream()
      const delivery = yield* deliverBatch(stream, [...batchOf("a"), big, ...batchOf("c")], fast)
      expect(delivery.accepted).toBe(2)
      expect(delivery.failed.map((failure) => failure.item.meta)).toEqual(["big"])
      expect(delivery.failed[0]!.reason).toMatch(/1 MiB/)
      expect(calls).toEqual([["a", "c"]])
    }))

  it.effect("waits with exponential, capped, jittered backoff between retries", () =>
    Effect.gen(function* () {
      const policy: RetryPolicy = { retries: 4, baseDelay: "100 millis", maxDelay: "300 millis" }
      const times: Array<number> = []
      const { stream: inner, calls } = scriptedStream((entry) => (entry.partitionKey === "b" ? throttled : undefined))
      const stream: RecordStream = {
        ...inner,
        putRecords: (entries) => Effect.zipRight(Effect.map(Clock.currentTimeMillis, (now) => times.push(now)), inner.putRecords(entries))
      }
      const fiber = yield* Effect.fork(deliverBatch(stream, batchOf("a", "b"), policy))
      yield* TestClock.adjust("49 millis")
      expect(calls).toHaveLength(1) // the first retry waits at least half of 100 ms
      yield* TestClock.adjust("10 seconds")
      const delivery = yield* Fiber.join(fiber)
      expect(delivery.failed.map((failure) => failure.item.meta)).toEqual(["b"])
      const waits = times.slice(1).map((time, i) => time - times[i]!)
      // 100 ms doubling, capped at 300 ms, each between half and all of it
      const caps = [100, 200, 300, 300]
      expect(waits).toHaveLength(caps.length)
      waits.forEach((wait, i) => {
        expect(wait).toBeGreaterThanOrEqual(caps[i]! / 2)
        expect(wait).toBeLessThanOrEqual(caps[i]!)
      })
    }))
})

describe("backoffDelay", () => {
  it("lies between half and all of the capped exponential delay (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer(),
        (retry, base, max, seed) => {
          const policy: RetryPolicy = { retries: 30, baseDelay: Duration.millis(base), maxDelay: Duration.millis(max) }
          const delay = Effect.runSync(backoffDelay(policy, retry).pipe(Effect.withRandom(Random.make(seed))))
          const cap = Math.min(base * 2 ** (retry - 1), max)
          expect(Duration.toMillis(delay)).toBeGreaterThanOrEqual(Math.floor(cap / 2))
          expect(Duration.toMillis(delay)).toBeLessThanOrEqual(cap)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("is not always the same: jitter spreads retries", () => {
    const policy: RetryPolicy = { retries: 8, baseDelay: "100 millis", maxDelay: "5 seconds" }
    const delays = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        Duration.toMillis(Effect.runSync(backoffDelay(policy, 3).pipe(Effect.withRandom(Random.make(seed)))))
      )
    )
    expect(delays.size).toBeGreaterThan(5)
  })
})
