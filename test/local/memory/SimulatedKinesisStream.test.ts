import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SimulatedKinesisStream } from "../../../src/local/memory/SimulatedKinesisStream.js"
import { deliverBatch } from "../../../src/pipelines/delivery/deliverRecords.js"
import { outbound } from "../../../src/pipelines/delivery/recordBatches.js"
import type { StreamEntry } from "../../../src/services/RecordStream.js"

const entries = (count: number, bytes = 10, prefix = "fan") =>
  Array.from({ length: count }, (_, i): StreamEntry => ({ partitionKey: `${prefix}-${i}`, data: new Uint8Array(bytes) }))

/** A clock the test moves by hand (milliseconds). */
const manualClock = () => {
  const clock = { now: 0 }
  return { clock, read: () => clock.now }
}

describe("SimulatedKinesisStream", () => {
  it.effect("takes 1,000 records a second a shard; the rest of a call is throttled per record, and the bucket refills with time", () =>
    Effect.gen(function* () {
      const { clock, read } = manualClock()
      const stream = new SimulatedKinesisStream("scores", 1, undefined, read)
      const first = [...(yield* stream.putRecords(entries(500))), ...(yield* stream.putRecords(entries(500))), ...(yield* stream.putRecords(entries(300)))]
      expect(first.filter((o) => o.accepted)).toHaveLength(1_000)
      expect(first.slice(1_000).every((o) => !o.accepted && o.errorCode === "ProvisionedThroughputExceededException")).toBe(true)
      expect(first.at(-1)).toMatchObject({ errorMessage: "Rate exceeded for shard shardId-000000000000 in stream scores under account 000000000000." })
      clock.now += 250
      expect((yield* stream.putRecords(entries(400))).filter((o) => o.accepted)).toHaveLength(250)
      clock.now += 10_000
      expect((yield* stream.putRecords(entries(500))).every((o) => o.accepted)).toBe(true)
      expect(stream.throttled).toBe(300 + 150)
    }))

  it.effect("takes 1 MiB a second a shard, whatever the record count", () =>
    Effect.gen(function* () {
      const { read } = manualClock()
      const stream = new SimulatedKinesisStream("scores", 1, undefined, read)
      const outcomes = yield* stream.putRecords(entries(20, 100 * 1024))
      expect(outcomes.filter((o) => o.accepted)).toHaveLength(10) // 10 × (100 KiB + key) ≤ 1 MiB < 11 ×
    }))

  it.effect("spreads partition keys over the shards by MD5 hash range, and refuses calls over 500 records", () =>
    Effect.gen(function* () {
      const stream = new SimulatedKinesisStream("scores", 4, undefined, () => 0)
      yield* stream.putRecords(entries(400))
      const perShard = stream.shards.map((shard) => shard.accepted)
      expect(perShard.reduce((a, b) => a + b)).toBe(400)
      for (const count of perShard) expect(count).toBeGreaterThan(60) // about 100 each
      // md5: "a" 0cc1… (first quarter of the hash space), "fan-1" 548f… (second), "b" 92eb… (third).
      const keyed = new SimulatedKinesisStream("s", 4, undefined, () => 0)
      const outcomes = yield* keyed.putRecords(["a", "fan-1", "b"].map((partitionKey) => ({ partitionKey, data: new Uint8Array(1) })))
      expect(outcomes.map((o) => (o.accepted ? o.shardId : o.errorCode))).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
      const refused = yield* Effect.flip(stream.putRecords(entries(501)))
      expect(refused).toMatchObject({ retryable: false, reason: expect.stringContaining("at most 500") })
    }))

  it.live("throttled records are retried until the shard has taken them all: none fails, none is lost", () =>
    Effect.gen(function* () {
      const stream = new SimulatedKinesisStream("scores", 1)
      const batches = [0, 1, 2].map((b) => Array.from({ length: 500 }, (_, i) => outbound(`f${b}-${i}`, "{}", i)))
      const deliveries = yield* Effect.forEach(batches, (batch) => deliverBatch(stream, batch), { concurrency: 3 })
      expect(deliveries.map((d) => d.accepted)).toEqual([500, 500, 500])
      expect(deliveries.flatMap((d) => d.failed)).toEqual([])
      expect(stream.accepted).toBe(1_500)
      expect(stream.throttled).toBeGreaterThan(0)
    }), 20_000)
})
