import { Duration, Effect, Exit } from "effect"
import { cappedBackoff } from "../services/RetryPolicy.js"
import type { StreamRecordOut } from "../handlers/kinesisEvent.js"
import { handleEntryScoring } from "../handlers/entryScoringHandler.js"
import { handleSavedScores } from "../handlers/savedScoresHandler.js"
import { handleScoresToDynamoDB } from "../handlers/scoresToDynamoDBHandler.js"
import { handleVerdictMessages } from "../handlers/verdictReporterHandler.js"
import type { LoadToTableResult } from "../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { SavedScoresResult } from "../pipelines/processSavedScores/processSavedScores.js"
import type { EntryScoringResult } from "../pipelines/saveEntryScoring/EntryScoringTally.js"
import type { VerdictReporterResult } from "../pipelines/verdictReporter/VerdictReporterResult.js"
import { isCountedRecord } from "./flow/fanChangesOnly.js"
import type { FlowSide, QueueRecord, TableStreamRecord } from "./flow/FlowSide.js"
import type { StackError } from "../layers/local/aws/stackCall.js"
import { count, plural } from "./format.js"
import type { Progress } from "./progress.js"
import { type Delivered, deliverStream, deliverToConsumer, type GivenUp } from "./streamDelivery.js"

export interface FlowResults {
  readonly toTable: Array<LoadToTableResult>
  readonly toEntry: Array<EntryScoringResult>
  readonly savedScores: Array<SavedScoresResult>
  readonly reporter: Array<VerdictReporterResult>
  /** What the mappings gave up on after their retries (the on-failure queues' content). */
  readonly givenUp: Array<GivenUp>
}

/** Transient errors of the runner's own polling are retried, as Lambda's pollers do: jittered backoff up to ~1 minute. */
const pollRetry = cappedBackoff(25)

const retried = <A>(progress: Progress, what: string, poll: Effect.Effect<A, StackError>) =>
  poll.pipe(
    Effect.tapError((error) => progress.say(`  ${what}: ${error.message}; trying again`)),
    Effect.retry(pollRetry)
  )

/** A reporter invocation that fails hands every message of its batch back (they come back after the visibility timeout). */
const reportBatch = (batch: ReadonlyArray<QueueRecord>) =>
  Effect.exit(handleVerdictMessages({ Records: batch })).pipe(
    Effect.map((exit) =>
      Exit.isSuccess(exit)
        ? { failed: new Set(exit.value.reply.batchItemFailures.map((failure) => failure.itemIdentifier)), result: exit.value.result }
        : { failed: new Set(batch.map((message) => message.messageId)), result: undefined }
    )
  )

/** Records grouped by shard, each group in order: a Lambda batch never mixes shards. */
const byShard = (records: ReadonlyArray<StreamRecordOut>) => {
  const shards = new Map<string, Array<StreamRecordOut>>()
  for (const record of records) {
    const id = record.shardId ?? ""
    const shard = shards.get(id)
    if (shard === undefined) shards.set(id, [record])
    else shard.push(record)
  }
  return [...shards.values()]
}

const reporterLine = (r: VerdictReporterResult) =>
  `${count(r.slack.posted)} posted, ${count(r.slack.bypassed)} bypassed, ${count(r.slack.failed)} failed, ${count(r.requeue.sent)} requeued`

/** An effect, and how long it took handed to `spent` (the progress lines say what a run waits on). */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>, spent: (millis: number) => void) =>
  Effect.map(Effect.timed(effect), ([duration, value]) => (spent(Duration.toMillis(duration)), value))

const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`

/** How long the consumers wait for more while a file still loads and nothing is new. */
const whileLoading = Duration.millis(20)

/**
 * Drives every consumer through its Lambda handler until the flow is quiet, as the event
 * source mappings would: new scores-stream records to loadScoresToDynamoDB and
 * saveEntryScoring (each a mapping of its own), the demand table's stream records to
 * processSavedScores, visible verdict messages to verdictReporter (its failures left to
 * come back). It runs beside the load, as the mappings poll while a file loads, so the
 * streams hold what is unread, not the whole file. Quiet: the load done (`loading`
 * false), nothing new anywhere, the queue empty, twice `quietMillis` apart.
 */
export const driveUntilQuiet = (side: FlowSide, progress: Progress, loading: Effect.Effect<boolean> = Effect.succeed(false)) =>
  Effect.gen(function* () {
    const results: FlowResults = { toTable: [], toEntry: [], savedScores: [], reporter: [], givenUp: [] }
    const region = side.region
    const take = <R>(into: Array<R>, delivered: Delivered<R>) => {
      into.push(...delivered.results)
      results.givenUp.push(...delivered.givenUp)
    }
    const name = side.scoresStream.name
    for (let idle = 0; ; ) {
      // Both streams in turn, as their mappings poll side by side: a busy scores stream never starves the table's.
      const records = yield* retried(progress, "scores stream", side.scoresStream.poll)
      if (records.length > 0) {
        const spent = { toTable: 0, toEntry: 0 }
        for (const shard of byShard(records)) {
          const toTable = deliverToConsumer(name, "loadScoresToDynamoDB", shard, handleScoresToDynamoDB, region, side.retry)
          take(results.toTable, yield* timed(toTable, (millis) => (spent.toTable += millis)))
          const toEntry = deliverToConsumer(name, "saveEntryScoring", shard, handleEntryScoring, region, side.retry)
          take(results.toEntry, yield* timed(toEntry, (millis) => (spent.toEntry += millis)))
        }
        const took = `loadScoresToDynamoDB ${seconds(spent.toTable)}, saveEntryScoring ${seconds(spent.toEntry)}`
        yield* progress.say(`  scores stream: ${plural(records.length, "record")} → ${took}`)
      }
      const polled = yield* retried(progress, "demand table stream", side.tableStream.poll)
      const changes = polled.filter(isCountedRecord)
      if (changes.length > 0) {
        const event = (batch: ReadonlyArray<unknown>) => ({ Records: batch })
        const from = { consumer: "processSavedScores", source: "demand table stream", sequenceNumberOf: (r: TableStreamRecord) => r.dynamodb.SequenceNumber }
        let spent = 0
        take(results.savedScores, yield* timed(deliverStream(changes, from, event, handleSavedScores, side.retry), (millis) => (spent = millis)))
        yield* progress.say(`  demand table stream: ${plural(changes.length, "change")} → processSavedScores ${seconds(spent)}`)
      }
      // The queue once both streams are read to their end (as before a report, the counts have caught up with what was put).
      const batch = records.length > 0 || polled.length > 0 ? [] : yield* retried(progress, "verdict queue", side.verdicts.receive)
      if (batch.length > 0) {
        const { failed, result } = yield* reportBatch(batch)
        if (result !== undefined) results.reporter.push(result)
        yield* retried(progress, "verdict queue", side.verdicts.settle(batch, failed))
        const outcome = result === undefined ? "the invocation failed, every message comes back" : reporterLine(result)
        yield* progress.say(`  verdict queue: ${plural(batch.length, "message")} → verdictReporter: ${outcome}`)
      }
      if (records.length > 0 || polled.length > 0 || batch.length > 0) {
        idle = 0
        continue
      }
      if (yield* retried(progress, "verdict queue", side.verdicts.waitForMore)) continue
      if (yield* loading) {
        yield* Effect.sleep(whileLoading)
        continue
      }
      if (++idle >= 2) return results
      yield* Effect.sleep(side.quietMillis)
    }
  })
