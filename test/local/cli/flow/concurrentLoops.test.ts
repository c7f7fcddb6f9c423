import { describe, expect, it } from "@effect/vitest"
import { Context, Effect } from "effect"
import { driveWith } from "../../../../src/local/cli/driveFlow.js"
import type { Consumers } from "../../../../src/local/cli/flow/consumers.js"
import type { FlowSide, QueueRecord, TableStreamRecord } from "../../../../src/local/cli/flow/FlowSide.js"
import { noProgress } from "../../../../src/local/cli/progress.js"
import type { StreamRecordOut } from "../../../../src/lambda/events/kinesisEvent.js"

/** SPEC §8, "Concurrency as deployed": the runner's mappings run side by side, each as the stack configures it. */

interface Span {
  readonly start: number
  readonly end: number
  readonly sequenceNumbers: ReadonlyArray<string>
  readonly keys: ReadonlyArray<string>
}

const shards = ["shardId-000000000000", "shardId-000000000001"]
const perShard = 450 // five batches of a shard
const encoder = new TextEncoder()

/** Records of two shards, interleaved as a poll of several shards may give them; a partition key on 50 records in a row, found again 350 records on. */
const records: Array<StreamRecordOut> = Array.from({ length: perShard }, (_, n) =>
  shards.map((shardId, s) => ({
    shardId,
    partitionKey: `fan-${s}-${Math.floor(n / 50) % 7}`,
    sequenceNumber: String(n).padStart(8, "0"),
    data: encoder.encode("{}")
  }))
).flat()

/** Changes of fan items on two shards of the table's stream (the shard in the record's eventID, for the test's side to tell). */
const changes: Array<TableStreamRecord> = Array.from({ length: 250 }, (_, n) =>
  shards.map((shard, s) => ({
    eventID: `${shard}/${n}`,
    eventName: "MODIFY",
    dynamodb: { SequenceNumber: String(n).padStart(8, "0"), Keys: { PK: { S: `fan:f${s}-${n}` }, SK: { S: "campaign:c1" } } }
  }))
).flat()

/** A side of one poll of records on two shards, one of changes on two shards of the table's stream, and `messages` verdict messages. */
const sideOf = (messages: number): FlowSide => {
  let polled = false
  let changed = false
  const queue: Array<QueueRecord> = Array.from({ length: messages }, (_, i) => ({ messageId: `m${i}`, body: "{}" }))
  const inFlight = new Set<string>()
  return {
    mode: "test",
    services: Context.empty() as FlowSide["services"],
    bucket: "bucket",
    region: "us-east-1",
    consumeWhileLoading: true,
    quietMillis: 0,
    scoresStream: { name: "scores", poll: Effect.sync(() => (polled ? [] : ((polled = true), records))) },
    tableStream: {
      poll: Effect.sync(() => (changed ? [] : ((changed = true), changes))),
      shardOf: (record) => record.eventID.split("/")[0]!
    },
    verdicts: {
      receive: Effect.sync(() => {
        const batch = queue.filter((message) => !inFlight.has(message.messageId)).slice(0, 10)
        for (const message of batch) inFlight.add(message.messageId)
        return batch
      }),
      settle: (batch) =>
        Effect.sync(() => {
          for (const message of batch) queue.splice(queue.findIndex((kept) => kept.messageId === message.messageId), 1)
        }),
      waitForMore: Effect.sync(() => queue.length > 0)
    },
    endState: Effect.die("not read")
  }
}

/** Stand-ins of the consumers that take `millis` a batch and note when each ran, on which shard, with which records. */
const timedConsumers = () => {
  const spans = { toTable: [] as Array<Span>, toEntry: [] as Array<Span>, savedScores: [] as Array<Span>, reporter: [] as Array<Span> }
  const consumer = (into: Array<Span>, millis: number, result: object = {}) => (event: unknown) =>
    Effect.gen(function* () {
      const batch = (event as { Records: Array<{ kinesis?: { sequenceNumber: string; partitionKey: string }; eventID?: string }> }).Records
      const start = performance.now()
      yield* Effect.sleep(millis)
      into.push({
        start,
        end: performance.now(),
        sequenceNumbers: batch.map((record) => record.kinesis?.sequenceNumber ?? record.eventID ?? ""),
        keys: batch.map((record) => record.kinesis?.partitionKey ?? record.eventID ?? "")
      })
      return { reply: { batchItemFailures: [] }, result: { in: batch.length, ...result } as never, unreadable: 0 }
    })
  const consumers: Consumers<never> = {
    toTable: consumer(spans.toTable, 30),
    toEntry: consumer(spans.toEntry, 30),
    savedScores: consumer(spans.savedScores, 20),
    reporter: consumer(spans.reporter, 60, { slack: { posted: 0, bypassed: 0, failed: 0 }, requeue: { sent: 0 } })
  }
  return { spans, consumers }
}

/** The most spans running at one moment. */
const mostAtOnce = (spans: ReadonlyArray<Span>) =>
  Math.max(...spans.map((span) => spans.filter((other) => other.start <= span.start && span.start < other.end).length))
const overlap = (a: Span, b: Span) => a.start < b.end && b.start < a.end
const pairs = <T>(items: ReadonlyArray<T>) => items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as const))
const ofShard = (spans: ReadonlyArray<Span>, shard: string) => spans.filter((span) => span.keys[0]!.startsWith(`fan-${shards.indexOf(shard)}-`))

describe("the runner's consumer loops (SPEC §8, concurrency as deployed)", () => {
  it.live("runs the shards' writers side by side, each shard one batch at a time in order; entry scoring two at a time; reporters at once", () =>
    Effect.gen(function* () {
      const { spans, consumers } = timedConsumers()
      const results = yield* driveWith(consumers)(sideOf(30), noProgress, { together: true })

      // The table writer: 5 batches a shard, never two of a shard at once, in sequence order; the two shards overlap.
      expect(results.toTable).toHaveLength(10)
      for (const shard of shards) {
        const own = ofShard(spans.toTable, shard)
        expect(own).toHaveLength(5)
        expect(pairs(own).some(([a, b]) => overlap(a, b))).toBe(false)
        const sequence = own.flatMap((span) => span.sequenceNumbers)
        expect(sequence).toEqual(records.filter((record) => record.shardId === shard).map((record) => record.sequenceNumber))
      }
      const [first, second] = shards.map((shard) => ofShard(spans.toTable, shard))
      expect(first!.some((a) => second!.some((b) => overlap(a, b)))).toBe(true)

      // Entry scoring: two batches of a shard at once (ParallelizationFactor 2), never more; a key's records in order.
      for (const shard of shards) {
        const own = ofShard(spans.toEntry, shard)
        expect(own.flatMap((span) => span.sequenceNumbers)).toHaveLength(perShard)
        expect(mostAtOnce(own)).toBe(2)
        for (const [a, b] of pairs(own)) if (a.keys.some((key) => b.keys.includes(key))) expect(overlap(a, b)).toBe(false)
      }
      // Writers and entry scoring of the same poll run at the same time (two mappings of one stream).
      expect(spans.toTable.some((a) => spans.toEntry.some((b) => overlap(a, b)))).toBe(true)

      // The counter: one invocation at a time per shard of the table's stream, in order; the shards side by side.
      const counted = shards.map((shard) => spans.savedScores.filter((span) => span.keys[0]!.startsWith(`${shard}/`)))
      for (const [i, own] of counted.entries()) {
        expect(pairs(own).some(([a, b]) => overlap(a, b))).toBe(false)
        expect(own.flatMap((span) => span.sequenceNumbers)).toEqual(changes.filter((change) => change.eventID.startsWith(shards[i]!)).map((change) => change.eventID))
      }
      expect(counted[0]!.some((a) => counted[1]!.some((b) => overlap(a, b)))).toBe(true)

      // The verdict queue: 30 messages in batches of at most 10, several invocations at once.
      expect(spans.reporter.flatMap((span) => span.sequenceNumbers)).toHaveLength(30)
      expect(spans.reporter.every((span) => span.sequenceNumbers.length <= 10)).toBe(true)
      expect(mostAtOnce(spans.reporter)).toBeGreaterThanOrEqual(2)
    })
  )

  it.live("one file at a time, the reporters receive only once the streams are read to their end", () =>
    Effect.gen(function* () {
      const { spans, consumers } = timedConsumers()
      yield* driveWith(consumers)(sideOf(5), noProgress)
      const lastStreamWork = Math.max(...[...spans.toTable, ...spans.toEntry, ...spans.savedScores].map((span) => span.end))
      expect(spans.reporter.length).toBeGreaterThan(0)
      expect(Math.min(...spans.reporter.map((span) => span.start))).toBeGreaterThanOrEqual(lastStreamWork)
    })
  )
})
