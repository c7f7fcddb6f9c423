import { Effect, Either } from "effect"
import { DemandTable, type UpsertOutcome } from "../../services/DemandTable.js"
import type { FanScoreItem } from "../../services/schemas/FanScoreItem.js"
import { groupBy } from "../shared/groupBy.js"
import { type ConsumerReply, type IncomingRecord, readFanRecord } from "../shared/incomingRecords.js"
import { fanScoreItemOf } from "./fanScoreItem.js"

/** The result of loadScoresToDynamoDB (SPEC §4); success = created + updated + unchanged. */
export interface LoadToTableResult {
  readonly in: number
  readonly success: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly invalid: number
  readonly failed: number
}

interface Write {
  readonly sequenceNumber: string
  readonly item: FanScoreItem
}

export interface LoadToTableOptions {
  /** Items written at once (default 16); writes of one item stay in stream order. */
  readonly concurrency?: number
}

/**
 * Upserts each scores-stream record's fan into the demand table. A record that is not
 * a fan record is counted invalid and logged, never retried; a failed write is counted
 * and handed back for retry, with the later records of the same item behind it.
 */
export const loadScoresToDynamoDB = (
  records: ReadonlyArray<IncomingRecord>,
  options: LoadToTableOptions = {}
): Effect.Effect<ConsumerReply<LoadToTableResult>, never, DemandTable> =>
  Effect.gen(function* () {
    const table = yield* DemandTable
    const counts: Record<UpsertOutcome | "invalid" | "failed", number> = { created: 0, updated: 0, unchanged: 0, invalid: 0, failed: 0 }
    const retry: Array<string> = []
    const writes: Array<Write> = []
    for (const record of records) {
      const fan = readFanRecord(record)
      if (Either.isRight(fan)) writes.push({ sequenceNumber: record.sequenceNumber, item: fanScoreItemOf(fan.right) })
      else {
        counts.invalid++
        yield* Effect.logWarning(`record ${record.sequenceNumber} is not a fan record: ${fan.left}`)
      }
    }
    /** One item's writes in order; after a failure, the rest wait for the retry. */
    const writeGroup = (group: ReadonlyArray<Write>) =>
      Effect.gen(function* () {
        for (const [at, write] of group.entries()) {
          const outcome = yield* Effect.either(table.upsertFanScore(write.item))
          if (Either.isRight(outcome)) {
            counts[outcome.right]++
            continue
          }
          yield* Effect.logError(`record ${write.sequenceNumber}: ${outcome.left.message}`)
          const waiting = group.slice(at).map((w) => w.sequenceNumber)
          counts.failed += waiting.length
          retry.push(...waiting)
          return
        }
      })
    yield* Effect.forEach(groupBy(writes, (w) => `${w.item.PK}\u0000${w.item.SK}`).values(), writeGroup, { concurrency: options.concurrency ?? 16, discard: true })
    const success = counts.created + counts.updated + counts.unchanged
    return { result: { in: records.length, success, ...counts }, retry }
  }).pipe(Effect.annotateLogs({ worker: "loadScoresToDynamoDB" }))
