import { Effect } from "effect"
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
import type { FlowSide } from "./flow/FlowSide.js"
import { count, plural } from "./format.js"
import type { Progress } from "./progress.js"
import { deliverStream, deliverToConsumer } from "./streamDelivery.js"

export interface FlowResults {
  readonly toTable: Array<LoadToTableResult>
  readonly toEntry: Array<EntryScoringResult>
  readonly savedScores: Array<SavedScoresResult>
  readonly reporter: Array<VerdictReporterResult>
}

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

/**
 * Drives every consumer through its Lambda handler until the flow is quiet, as the event
 * source mappings would: new scores-stream records to loadScoresToDynamoDB and
 * saveEntryScoring (each a mapping of its own), the demand table's stream records to
 * processSavedScores, visible verdict messages to verdictReporter (its failures left to
 * come back). Quiet: nothing new anywhere, the queue empty, twice `quietMillis` apart.
 */
export const driveUntilQuiet = (side: FlowSide, progress: Progress) =>
  Effect.gen(function* () {
    const results: FlowResults = { toTable: [], toEntry: [], savedScores: [], reporter: [] }
    const region = side.region
    for (let idle = 0; ; ) {
      const records = yield* side.scoresStream.poll
      if (records.length > 0) {
        for (const shard of byShard(records)) {
          results.toTable.push(...(yield* deliverToConsumer(side.scoresStream.name, shard, handleScoresToDynamoDB, region)))
          results.toEntry.push(...(yield* deliverToConsumer(side.scoresStream.name, shard, handleEntryScoring, region)))
        }
        yield* progress.say(`  scores stream: ${plural(records.length, "record")} → loadScoresToDynamoDB, saveEntryScoring`)
        idle = 0
        continue
      }
      const polled = yield* side.tableStream.poll
      const changes = polled.filter(isCountedRecord)
      if (polled.length > 0) idle = 0
      if (changes.length > 0) {
        const event = (batch: ReadonlyArray<unknown>) => ({ Records: batch })
        results.savedScores.push(...(yield* deliverStream(changes, (r) => r.dynamodb.SequenceNumber, event, handleSavedScores)))
        yield* progress.say(`  demand table stream: ${plural(changes.length, "change")} → processSavedScores`)
        idle = 0
        continue
      }
      const batch = yield* side.verdicts.receive
      if (batch.length > 0) {
        const { reply, result } = yield* handleVerdictMessages({ Records: batch })
        results.reporter.push(result)
        yield* side.verdicts.settle(batch, new Set(reply.batchItemFailures.map((failure) => failure.itemIdentifier)))
        yield* progress.say(`  verdict queue: ${plural(batch.length, "message")} → verdictReporter: ${reporterLine(result)}`)
        idle = 0
        continue
      }
      if (yield* side.verdicts.waitForMore) continue
      if (++idle >= 2) return results
      yield* Effect.sleep(side.quietMillis)
    }
  })
