import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { MemoryRecordStream } from "vf-scoring-workers"
import { batchRecords, deliverBatches, deliveryTally, outbound } from "vf-scoring-workers/stages"

/** The record stages alone, through the export map: records → batches under limits → deliveries → their tally. */

const records = (count: number, size = 10) => Stream.fromIterable(Array.from({ length: count }, (_, i) => outbound(`k${i}`, JSON.stringify("x".repeat(size)), i + 2)))

describe("batchRecords", () => {
  it.effect("cuts batches at the record limit and at the byte limit, in order, the last one partial", () =>
    Effect.gen(function* () {
      const byCount = Chunk.toArray(yield* Stream.runCollect(records(7).pipe(batchRecords({ records: 3, bytes: 1_000_000 }))))
      expect(byCount.map((batch) => batch.map((r) => r.meta))).toEqual([[2, 3, 4], [5, 6, 7], [8]])
      // Each record is 12 bytes of JSON and 2 of key: 3 fit in 45 bytes, not 4.
      const byBytes = Chunk.toArray(yield* Stream.runCollect(records(7).pipe(batchRecords({ records: 500, bytes: 45 }))))
      expect(byBytes.map((batch) => batch.length)).toEqual([3, 3, 1])
    }))
})

describe("deliverBatches and deliveryTally", () => {
  it.effect("put every batch and tally what was accepted", () =>
    Effect.gen(function* () {
      const stream = new MemoryRecordStream("s")
      const tally = yield* records(1_200).pipe(batchRecords(), deliverBatches(stream), Stream.run(deliveryTally((line: number) => line, "not delivered")))
      expect(tally).toEqual({ accepted: 1_200, failed: 0, errors: [] })
      expect(stream.records()).toHaveLength(1_200)
    }))

  // Live clock: the retries wait their (1–2 ms) backoff.
  it.live("tally records the stream never accepted, with their lines and reasons", () =>
    Effect.gen(function* () {
      const stream = new MemoryRecordStream("s", { reject: (entry) => (entry.partitionKey === "k3" ? { errorCode: "ProvisionedThroughputExceededException", errorMessage: "slow down" } : undefined) })
      const tally = yield* records(5).pipe(
        batchRecords(),
        deliverBatches(stream, { retry: { retries: 2, baseDelay: "1 millis", maxDelay: "2 millis" } }),
        Stream.run(deliveryTally((line: number) => line, "not delivered"))
      )
      expect(tally.accepted).toBe(4)
      expect(tally.failed).toBe(1)
      expect(tally.errors).toEqual([{ line: 5, reason: expect.stringContaining("not delivered: ProvisionedThroughputExceededException") }])
    }))
})
