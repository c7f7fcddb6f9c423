import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import type { MemoryStreamFaults } from "../../../src/local/memory/MemoryRecordStream.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import type { RetryPolicy } from "../../../src/pipelines/delivery/deliverRecords.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { StreamPutError } from "../../../src/services/errors.js"
import type { StreamEntry } from "../../../src/services/RecordStream.js"
import { isEndOfFileData } from "../../../src/services/schemas/EndOfFile.js"
import { csvText, scrubbedKey } from "../../support/scrubbedFile.js"

/** Putting fan records on the scores stream: batches, throttling, failures (SPEC §3.1). */

const key = scrubbedKey("c1")
const MiB = 1024 * 1024
/** Retries in milliseconds, so that tests sleeping for real stay fast. */
const fast: RetryPolicy = { retries: 3, baseDelay: "1 millis", maxDelay: "5 millis" }
const throttled = { errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded for shard" }

/** A file of `fans` fans of one row each (`g0`, `g1`, …); line of fan i = i + 2. */
const fansFile = (fans: number, extra: (i: number) => Record<string, string> = () => ({})) =>
  csvText(
    Array.from({ length: fans }, (_, i) => ({ id: `g${i}0`, globalUserId: `g${i}`, score: "0.5", isVerified: "true", ...extra(i) })),
    { columns: ["id", "globalUserId", "score", "isVerified", "firstName"] }
  )

/** The fan records of each PutRecords call, as the stream saw them (call numbers from 1; the end-of-file mark's call aside). */
const watchCalls = (faults: MemoryStreamFaults = {}) => {
  const calls = new Map<number, Array<StreamEntry>>()
  const watched: MemoryStreamFaults = {
    ...faults,
    reject: (entry, call) => {
      if (!isEndOfFileData(entry.data)) calls.set(call, [...(calls.get(call) ?? []), entry])
      return faults.reject?.(entry, call)
    }
  }
  return { calls, faults: watched }
}

const load = (csv: string, faults: MemoryStreamFaults = {}, retry: RetryPolicy = fast) =>
  Effect.gen(function* () {
    const world = new MemoryWorld({ scoresStreamFaults: faults })
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const result = yield* loadScoresToStream(key, { retry }).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    return { result, world }
  })

describe("loadScoresToStream: batches", () => {
  it.effect("puts records in calls of at most 500", () =>
    Effect.gen(function* () {
      const { calls, faults } = watchCalls()
      const { result, world } = yield* load(fansFile(1201), faults)
      expect(result).toMatchObject({ out: 1201, failed: 0 })
      expect([...calls.values()].map((entries) => entries.length).sort((a, b) => b - a)).toEqual([500, 500, 201])
      expect(new Set(world.scoresStream.fanEntries().map((entry) => entry.partitionKey)).size).toBe(1201)
    }))

  it.effect("puts big records in calls of at most 5 MiB, partition keys included", () =>
    Effect.gen(function* () {
      const { calls, faults } = watchCalls()
      const { result } = yield* load(fansFile(40, () => ({ firstName: "x".repeat(300 * 1024) })), faults)
      expect(result).toMatchObject({ out: 40, failed: 0 })
      const sizes = [...calls.values()].map((entries) => entries.reduce((sum, entry) => sum + entry.data.length + entry.partitionKey.length, 0))
      expect(sizes.length).toBeGreaterThanOrEqual(3)
      for (const size of sizes) expect(size).toBeLessThanOrEqual(5 * MiB)
      expect([...calls.values()].flat()).toHaveLength(40)
    }))

  it.effect("fails a fan record over 1 MiB without sending it, and sends the others", () =>
    Effect.gen(function* () {
      const { result, world } = yield* load(fansFile(3, (i) => ({ firstName: i === 1 ? "x".repeat(MiB) : "Ann" })))
      expect(result).toMatchObject({ out: 2, failed: 1 })
      expect(result.errors).toEqual([{ line: 3, reason: expect.stringMatching(/not delivered.*1 MiB/) }])
      expect(world.scoresStream.fanEntries().map((entry) => entry.partitionKey)).toEqual(["g0", "g2"])
    }))
})

describe("loadScoresToStream: throttling and failures", () => {
  it.live("retries only the records a call rejected, and delivers them all", () =>
    Effect.gen(function* () {
      // Every third fan is throttled the first two times it is sent.
      const rejections = new Map<string, number>()
      const { calls, faults } = watchCalls({
        reject: (entry) => {
          if (Number(entry.partitionKey.slice(1)) % 3 !== 0) return undefined
          const times = rejections.get(entry.partitionKey) ?? 0
          if (times >= 2) return undefined
          rejections.set(entry.partitionKey, times + 1)
          return throttled
        }
      })
      const { result, world } = yield* load(fansFile(1000), faults)
      expect(result).toMatchObject({ in: 1000, out: 1000, failed: 0, errors: [] })
      const accepted = world.scoresStream.fanEntries().map((entry) => entry.partitionKey)
      expect(accepted).toHaveLength(1000)
      expect(new Set(accepted).size).toBe(1000)
      // Sent again: exactly the throttled records (twice each), never one the stream took.
      const timesSent = new Map<string, number>()
      for (const entry of [...calls.values()].flat()) timesSent.set(entry.partitionKey, (timesSent.get(entry.partitionKey) ?? 0) + 1)
      for (const [fan, times] of timesSent) expect([fan, times]).toEqual([fan, Number(fan.slice(1)) % 3 === 0 ? 3 : 1])
      expect(calls.size).toBe(2 + 2 * 2)
      expect(world.verdictQueue.sent.map((message) => message.body.count)).toEqual([1000])
    }))

  it.live("counts a record the stream always rejects as failed, keeps its error, and sends the others", () =>
    Effect.gen(function* () {
      const { result, world } = yield* load(fansFile(10), { reject: (entry) => (entry.partitionKey === "g4" ? throttled : undefined) })
      expect(result).toMatchObject({ in: 10, valid: 10, out: 9, failed: 1 })
      expect(result.errors).toEqual([{ line: 6, reason: expect.stringContaining("ProvisionedThroughputExceededException") }])
      expect(world.scoresStream.fanEntries().map((entry) => entry.partitionKey)).not.toContain("g4")
      expect(world.verdictQueue.sent.map((message) => message.body)).toMatchObject([{ campaignId: "c1", count: 9, source: key }])
    }))

  it.live("bounds the retries of a rejected record by the policy", () =>
    Effect.gen(function* () {
      const { calls, faults } = watchCalls({ reject: (entry) => (entry.partitionKey === "g0" ? throttled : undefined) })
      const { result } = yield* load(fansFile(2), faults, { retries: 4, baseDelay: "1 millis", maxDelay: "2 millis" })
      expect(result).toMatchObject({ out: 1, failed: 1 })
      expect(calls.size).toBe(5)
    }))

  it.effect("fails the whole batch of a call error that is not retryable, without retrying it", () =>
    Effect.gen(function* () {
      const gone = new StreamPutError({ stream: "scores-stream", reason: "ResourceNotFoundException: stream not found", retryable: false })
      const { result, world } = yield* load(fansFile(700), { failCall: (call) => (call === 1 ? gone : undefined) })
      expect(result.out + result.failed).toBe(700)
      expect([500, 200]).toContain(result.failed)
      expect(world.scoresStream.calls).toBe(3) // two of fan records, then the end-of-file mark
      expect(result.errors).toHaveLength(100)
      expect(result.errors[0]!.reason).toContain("ResourceNotFoundException")
      expect(world.verdictQueue.sent.map((message) => message.body.count)).toEqual([result.out])
    }))

  it.live("retries a whole call that failed with a retryable error, within the policy", () =>
    Effect.gen(function* () {
      const flaky = new StreamPutError({ stream: "scores-stream", reason: "socket hang up", retryable: true })
      const once = yield* load(fansFile(5), { failCall: (call) => (call === 1 ? flaky : undefined) })
      expect(once.result).toMatchObject({ out: 5, failed: 0 })
      expect(once.world.scoresStream.calls).toBe(3) // the failed call, its retry, the end-of-file mark

      const always = yield* load(fansFile(5), { failCall: () => flaky }, { retries: 2, baseDelay: "1 millis", maxDelay: "1 millis" })
      expect(always.result).toMatchObject({ out: 0, failed: 5 })
      expect(always.world.scoresStream.calls).toBe(3)
      expect(always.world.verdictQueue.sent).toEqual([])
    }))
})
