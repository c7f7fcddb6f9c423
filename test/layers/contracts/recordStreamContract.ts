import { expect } from "@effect/vitest"
import { Effect } from "effect"
import { groupBy } from "../../../src/services/groupBy.js"
import { type PutOutcome, ScoresStream, type StreamEntry } from "../../../src/services/RecordStream.js"

/** A record as a reader of the stream gets it back. */
export interface HeldRecord {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly partitionKey: string
  readonly data: Uint8Array
}

/**
 * What a contract run needs of its adapter beside the port: a stream of two shards, and
 * what it holds: its records, each shard's in the order the shard holds them; or, of a
 * stream that keeps counts and not records (the simulated one), how many each shard took.
 */
export interface RecordStreamHarness<R> {
  readonly held:
    | { readonly records: Effect.Effect<ReadonlyArray<HeldRecord>, unknown, R> }
    | { readonly countsPerShard: Effect.Effect<Readonly<Record<string, number>>, unknown, R> }
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, ScoresStream | R>) => void

const encoder = new TextEncoder()
const text = (data: Uint8Array) => new TextDecoder().decode(data)
const entry = (partitionKey: string, n: number, explicitHashKey?: string): StreamEntry => ({
  partitionKey,
  data: encoder.encode(JSON.stringify({ partitionKey, n })),
  ...(explicitHashKey === undefined ? {} : { explicitHashKey })
})
const accepted = (outcomes: ReadonlyArray<PutOutcome>) => outcomes.flatMap((outcome) => (outcome.accepted ? [outcome] : []))
const put = (entries: ReadonlyArray<StreamEntry>) => Effect.flatMap(ScoresStream, (stream) => stream.putRecords(entries))
/** The entries of a case: partition keys of its own, some of them twice. */
const entriesOf = (label: string, count: number) => Array.from({ length: count }, (_, n) => entry(`${label}-${n % 9}`, n))
/** Each shard's items, in the order given. */
const perShard = <A extends { shardId: string }>(items: ReadonlyArray<A>) => Object.fromEntries(groupBy(items, (item) => item.shardId))

/** The behaviour every RecordStream adapter has (Kinesis PutRecords and ListShards as the loads use them): one stream of two shards for all cases. */
export const recordStreamContract = <R>(it: { effect: ItEffect<R> }, harness: RecordStreamHarness<R>) => {
  it.effect("opens its two shards: the first from hash key 0, the second from the middle of the hash key space", () =>
    Effect.gen(function* () {
      const shards = yield* Effect.flatMap(ScoresStream, (stream) => stream.openShards)
      expect(shards.map((shard) => shard.shardId)).toEqual(["shardId-000000000000", "shardId-000000000001"])
      expect(shards[0]!.startingHashKey).toBe("0")
      // Kinesis starts the second at 2^127; kinesis-mock one below.
      const middle = BigInt(shards[1]!.startingHashKey) - 2n ** 127n
      expect(middle === 0n || middle === -1n).toBe(true)
    }))

  it.effect("answers each entry, in entry order, with its shard and a sequence number growing on that shard in put order", () =>
    Effect.gen(function* () {
      const entries = entriesOf("order", 12)
      const outcomes = [...(yield* put(entries.slice(0, 5))), ...(yield* put(entries.slice(5)))]
      const answered = accepted(outcomes)
      expect(answered).toHaveLength(entries.length)
      const placed = answered.map((outcome, i) => ({ ...outcome, key: entries[i]!.partitionKey }))
      for (const records of Object.values(perShard(placed))) {
        const sequences = records.map((record) => BigInt(record.sequenceNumber))
        expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)))
        expect(new Set(sequences).size).toBe(sequences.length)
      }
      expect(Object.keys(perShard(placed)).sort()).toEqual(["shardId-000000000000", "shardId-000000000001"])
      // A partition key's records all go to one shard.
      for (const records of groupBy(placed, (record) => record.key).values()) expect(new Set(records.map((record) => record.shardId)).size).toBe(1)
    }))

  it.effect("holds each record under the shard and sequence number its put reported, each shard's in put order", () =>
    Effect.gen(function* () {
      const before = "countsPerShard" in harness.held ? yield* harness.held.countsPerShard : {}
      const entries = entriesOf("held", 10)
      const outcomes = accepted(yield* put(entries))
      expect(outcomes).toHaveLength(entries.length)
      const expected = outcomes.map((outcome, i) => ({ ...outcome, partitionKey: entries[i]!.partitionKey, data: text(entries[i]!.data) }))
      if ("countsPerShard" in harness.held) {
        const after = yield* harness.held.countsPerShard
        const added = Object.fromEntries(Object.entries(after).map(([shard, count]) => [shard, count - (before[shard] ?? 0)]))
        const puts = Object.fromEntries(Object.entries(perShard(expected)).map(([shard, records]) => [shard, records.length]))
        return expect(Object.fromEntries(Object.entries(added).filter(([, count]) => count > 0))).toEqual(puts)
      }
      const records = (yield* harness.held.records).filter((record) => record.partitionKey.startsWith("held-"))
      const read = records.map(({ shardId, sequenceNumber, partitionKey, data }) => ({ accepted: true, shardId, sequenceNumber, partitionKey, data: text(data) }))
      expect(perShard(read)).toEqual(perShard(expected))
    }))

  it.effect("puts an entry with an explicit hash key on the shard whose range holds that key, whatever its partition key", () =>
    Effect.gen(function* () {
      const shards = yield* Effect.flatMap(ScoresStream, (stream) => stream.openShards)
      const marks = shards.flatMap((shard) => [entry("mark", 0, shard.startingHashKey), entry("mark", 1, String(BigInt(shard.startingHashKey) + 7n))])
      const outcomes = accepted(yield* put(marks))
      expect(outcomes.map((outcome) => outcome.shardId)).toEqual(shards.flatMap((shard) => [shard.shardId, shard.shardId]))
    }))

  it.effect("refuses a call of more than 500 entries whole, as not worth retrying", () =>
    Effect.gen(function* () {
      const refused = yield* put(entriesOf("many", 501)).pipe(Effect.match({ onFailure: (error) => error, onSuccess: (outcomes) => ({ answered: outcomes.length }) }))
      expect(refused).toMatchObject({ _tag: "StreamPutError", retryable: false })
    }))
}
