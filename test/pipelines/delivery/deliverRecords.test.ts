import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Random } from "effect"
import { deliverBatch, type RetryPolicy } from "../../../src/pipelines/delivery/deliverRecords.js"
import { outbound } from "../../../src/pipelines/delivery/recordBatches.js"
import { StreamPutError } from "../../../src/services/errors.js"
import { oneShard, type PutOutcome, type RecordStream, type StreamEntry } from "../../../src/services/RecordStream.js"
import { attemptLog, expectRetriesAfter, logsInto, toTheEnd } from "../../support/retryClock.js"

/** The retries' waits pass on the TestClock (`toTheEnd`): no test sleeps for real. */
const fast: RetryPolicy = { retries: 3, baseDelay: "100 millis", maxDelay: "400 millis" }

const batchOf = (...ids: ReadonlyArray<string>) => ids.map((id) => outbound(id, JSON.stringify({ id }), id))

type Answer = (entry: StreamEntry, call: number) => PutOutcome | undefined

/**
 * A stream whose answers a test scripts: `answer` may reject an entry on a call,
 * `failCall` may fail a whole call. Keeps the partition keys sent in each call.
 */
const scriptedStream = (answer: Answer = () => undefined, failCall: (call: number) => StreamPutError | undefined = () => undefined) => {
  const calls: Array<Array<string>> = []
  const accepted: Array<string> = []
  const { at, stamp } = attemptLog()
  const stream: RecordStream = {
    streamName: "test-stream",
    openShards: oneShard,
    putRecords: (entries) =>
      Effect.zipRight(stamp, Effect.suspend(() => {
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
      }))
  }
  return { stream, calls, accepted, at }
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

  it.effect("retries only the records a call rejected, until all are in", () =>
    Effect.gen(function* () {
      const { stream, calls, accepted } = scriptedStream((entry, call) =>
        (call === 1 && ["b", "d", "e"].includes(entry.partitionKey)) || (call === 2 && entry.partitionKey === "e") ? throttled : undefined
      )
      const delivery = yield* toTheEnd(deliverBatch(stream, batchOf("a", "b", "c", "d", "e"), fast))
      expect(delivery).toEqual({ accepted: 5, failed: [] })
      expect(calls).toEqual([["a", "b", "c", "d", "e"], ["b", "d", "e"], ["e"]])
      expect([...accepted].sort()).toEqual(["a", "b", "c", "d", "e"])
    }))

  it.effect("gives up on a record the stream always rejects after the retries of the policy, keeping its reason", () =>
    Effect.gen(function* () {
      const { stream, calls } = scriptedStream((entry) => (entry.partitionKey === "b" ? throttled : undefined))
      const delivery = yield* toTheEnd(deliverBatch(stream, batchOf("a", "b", "c"), fast))
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
      const delivery = yield* toTheEnd(deliverBatch(stream, batchOf("a", "b"), fast))
      expect(delivery.accepted).toBe(0)
      expect(delivery.failed.map((failure) => [failure.item.meta, failure.reason])).toEqual([
        ["a", "ResourceNotFoundException"],
        ["b", "ResourceNotFoundException"]
      ])
      expect(calls).toHaveLength(1)
    }))

  it.effect("retries a whole call that failed with a retryable error", () =>
    Effect.gen(function* () {
      const network = new StreamPutError({ stream: "test-stream", reason: "socket hang up", retryable: true })
      const { stream, calls } = scriptedStream(undefined, (call) => (call === 1 ? network : undefined))
      const delivery = yield* toTheEnd(deliverBatch(stream, batchOf("a", "b"), fast))
      expect(delivery).toEqual({ accepted: 2, failed: [] })
      expect(calls).toEqual([["a", "b"], ["a", "b"]])
    }))

  it.effect("stops retrying a call that keeps failing after the retries of the policy", () =>
    Effect.gen(function* () {
      const network = new StreamPutError({ stream: "test-stream", reason: "503", retryable: true })
      const { stream, calls } = scriptedStream(undefined, () => network)
      const delivery = yield* toTheEnd(deliverBatch(stream, batchOf("a", "b"), fast))
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

  for (const [random, waits] of [[1, [100, 200, 300, 300]], [0, [50, 100, 150, 150]]] as const) {
    it.effect(`waits ${waits.join(", ")} ms before retries with the jitter at ${random}: doubling, capped, ½ to 1×`, () =>
      Effect.gen(function* () {
        const policy: RetryPolicy = { retries: 4, baseDelay: "100 millis", maxDelay: "300 millis" }
        const { stream, calls, at } = scriptedStream((entry) => (entry.partitionKey === "b" ? throttled : undefined))
        const fiber = yield* Effect.fork(deliverBatch(stream, batchOf("a", "b"), policy).pipe(Effect.withRandom(Random.fixed([random]))))
        yield* expectRetriesAfter(at, waits)
        const delivery = yield* Fiber.join(fiber)
        expect(delivery.accepted).toBe(1)
        expect(delivery.failed.map((failure) => failure.item.meta)).toEqual(["b"])
        expect(calls).toHaveLength(policy.retries + 1)
      }))
  }

  it.effect("logs a debug line before each retry, none when it gives up", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const { stream } = scriptedStream((entry, call) => (entry.partitionKey !== "a" || call === 1 ? throttled : undefined))
      yield* toTheEnd(deliverBatch(stream, batchOf("a", "b", "c"), fast)).pipe(logsInto(lines))
      expect(lines).toEqual([
        "DEBUG test-stream: retrying 3 of 3 records",
        "DEBUG test-stream: retrying 2 of 3 records",
        "DEBUG test-stream: retrying 2 of 2 records"
      ])
    }))
})
