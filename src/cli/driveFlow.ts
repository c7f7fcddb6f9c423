import { Duration, Effect } from "effect"
import { dynamoStreamEventOf } from "../handlers/dynamoStreamEvent.js"
import { handleSavedScores } from "../handlers/savedScoresHandler.js"
import { sqsEventOf } from "../handlers/sqsEvent.js"
import { handleVerdictMessages } from "../handlers/verdictReporterHandler.js"
import type { MemoryWorld } from "../layers/memory/MemoryWorld.js"
import type { SavedScoresResult } from "../pipelines/processSavedScores/processSavedScores.js"
import type { VerdictReporterResult } from "../pipelines/verdictReporter/VerdictReporterResult.js"
import type { LocalQueue } from "./LocalQueue.js"
import { deliverStream } from "./streamDelivery.js"

export interface FlowResults {
  readonly savedScores: Array<SavedScoresResult>
  readonly reporter: Array<VerdictReporterResult>
}

const queueArn = "arn:aws:sqs:us-east-1:000000000000:verdict-reporter-queue"

/**
 * Runs the rest of the flow until it is quiet: the demand table's changes through the
 * counter's handler (DynamoDB stream batches), then visible verdict messages through the
 * reporter's handler (SQS batches; failed ones come back after the visibility timeout),
 * sleeping until a delayed message shows, until nothing is left to do.
 */
export const driveUntilQuiet = (world: MemoryWorld, queue: LocalQueue, table: { seen: number }) =>
  Effect.gen(function* () {
    const results: FlowResults = { savedScores: [], reporter: [] }
    const tableName = world.demandTable.tableName
    for (;;) {
      const changes = world.demandTable.changes.slice(table.seen)
      table.seen = world.demandTable.changes.length
      if (changes.length > 0) {
        const counted = yield* deliverStream(changes, (c) => c.sequenceNumber, (batch) => dynamoStreamEventOf(tableName, batch), handleSavedScores)
        results.savedScores.push(...counted)
        continue
      }
      const now = Date.now()
      queue.collect(now)
      const batch = queue.receive(now)
      if (batch.length > 0) {
        const { reply, result } = yield* handleVerdictMessages(sqsEventOf(queueArn, batch))
        results.reporter.push(result)
        queue.settle(batch, new Set(reply.batchItemFailures.map((failure) => failure.itemIdentifier)))
        continue
      }
      const next = queue.nextVisibleAt()
      if (next === undefined) return results
      yield* Effect.sleep(Duration.millis(Math.max(10, next - now)))
    }
  })
