import { Duration, Effect } from "effect"
import type { StreamRecordOut } from "../../../lambda/events/kinesisEvent.js"
import type { StackError } from "../../standIns/aws/stackCall.js"
import { groupBy } from "../../../services/groupBy.js"
import { cappedBackoff } from "../../../services/RetryPolicy.js"
import { plural } from "../format.js"
import type { Progress } from "../progress.js"
import { type Delivered, deliverStream, deliverToConsumer } from "../streamDelivery.js"
import type { Consumers } from "./consumers.js"
import { isCountedRecord } from "./fanChangesOnly.js"
import type { FlowSide, TableStreamRecord } from "./FlowSide.js"
import { windowedStreamEvent } from "../../../lambda/events/dynamoStreamEvent.js"
import { counterBatchSize } from "../../../pipelines/processSavedScores/countingPlan.js"
import type { FlowResults } from "./flowResults.js"

/** saveEntryScoring's ParallelizationFactor on the stack: two batches of a shard at once. */
export const entryScoringParallelization = 2

/** Transient errors of the runner's own polling are retried, as Lambda's pollers do: jittered backoff up to ~1 minute. */
const pollRetry = cappedBackoff(25)

export const retried = <A>(progress: Progress, what: string, poll: Effect.Effect<A, StackError>) =>
  poll.pipe(
    Effect.tapError((error) => progress.say(`  ${what}: ${error.message}; trying again`)),
    Effect.retry(pollRetry)
  )

/** Records grouped by shard, each group in order: a Lambda batch never mixes shards. */
export const byShard = <T>(records: ReadonlyArray<T>, shardOf: (record: T) => string) => [...groupBy(records, shardOf).values()]

/** An effect, and how long it took handed to `spent` (the progress lines say what a run waits on). */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>, spent: (millis: number) => void) =>
  Effect.map(Effect.timed(effect), ([duration, value]) => (spent(Duration.toMillis(duration)), value))

export const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`

/** Each shard's records delivered at once beside the other shards', as each shard has a poller of its own on the stack. */
const everyShard = <T, R, Deps>(shards: ReadonlyArray<ReadonlyArray<T>>, deliver: (shard: ReadonlyArray<T>) => Effect.Effect<Delivered<R>, never, Deps>) =>
  Effect.map(Effect.forEach(shards, deliver, { concurrency: "unbounded" }), (delivered) => ({
    results: delivered.flatMap((one) => one.results),
    givenUp: delivered.flatMap((one) => one.givenUp)
  }))

const take = <R>(results: FlowResults, into: Array<R>, delivered: Delivered<R>) => {
  into.push(...delivered.results)
  results.givenUp.push(...delivered.givenUp)
}

/**
 * What a poll of the scores stream gave, to both of its mappings at once: per shard,
 * loadScoresToDynamoDB one batch at a time in order (ParallelizationFactor 1: its
 * exactly-once tally depends on it) and saveEntryScoring two batches at a time (a
 * partition key's records in order); every shard beside the others. The stream is polled
 * again once both mappings have handled this poll (the position a checkpoint keeps).
 */
export const scoresDelivery =
  <R>(side: FlowSide, consumers: Consumers<R>, results: FlowResults, progress: Progress) => (records: ReadonlyArray<StreamRecordOut>) =>
    Effect.gen(function* () {
      const [name, region, retry] = [side.scoresStream.name, side.region, side.retry]
      const shards = byShard(records, (record) => record.shardId ?? "")
      const spent = { toTable: 0, toEntry: 0 }
      const toTable = everyShard(shards, (shard) => deliverToConsumer(name, "loadScoresToDynamoDB", shard, consumers.toTable, region, retry))
      const toEntry = everyShard(shards, (shard) =>
        deliverToConsumer(name, "saveEntryScoring", shard, consumers.toEntry, region, retry, entryScoringParallelization)
      )
      const [table, entry] = yield* Effect.all(
        [timed(toTable, (millis) => (spent.toTable = millis)), timed(toEntry, (millis) => (spent.toEntry = millis))],
        { concurrency: 2 }
      )
      take(results, results.toTable, table)
      take(results, results.toEntry, entry)
      const took = `loadScoresToDynamoDB ${seconds(spent.toTable)}, saveEntryScoring ${seconds(spent.toEntry)}`
      const across = shards.length > 1 ? ` on ${shards.length} shards` : ""
      yield* progress.say(`  scores stream: ${plural(records.length, "record")}${across} → ${took}`)
    })

/**
 * The table's stream as the counter's mapping sees it: fan changes only (the stack's
 * filter), so a poll of `meta:` writes alone (counts, reports, markers) invokes nothing
 * and is no work for the quiet watch.
 */
export const tablePoll = (side: FlowSide, progress: Progress) =>
  Effect.map(retried(progress, "demand table stream", side.tableStream.poll), (polled) => polled.filter(isCountedRecord))

/** What a poll of the table's stream gave (fan changes) to processSavedScores: one invocation at a time per shard, every shard beside the others. */
export const tableDelivery =
  <R>(side: FlowSide, consumers: Consumers<R>, results: FlowResults, progress: Progress) => (changes: ReadonlyArray<TableStreamRecord>) =>
    Effect.gen(function* () {
      const { shardOf } = side.tableStream
      const from = {
        consumer: "processSavedScores",
        source: "demand table stream",
        sequenceNumberOf: (r: TableStreamRecord) => r.dynamodb.SequenceNumber,
        shardOf,
        batchSize: counterBatchSize
      }
      // The counter's mapping has a tumbling window: its events name their shard.
      const event = (batch: ReadonlyArray<TableStreamRecord>) => windowedStreamEvent(batch, shardOf(batch[0]!), String(batch[0]!["eventSourceARN"] ?? ""))
      let spent = 0
      const shards = byShard(changes, shardOf)
      const delivered = everyShard(shards, (shard) => deliverStream(shard, from, event, consumers.savedScores, side.retry))
      take(results, results.savedScores, yield* timed(delivered, (millis) => (spent = millis)))
      yield* progress.say(`  demand table stream: ${plural(changes.length, "change")} → processSavedScores ${seconds(spent)}`)
    })
