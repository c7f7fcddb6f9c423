import { Chunk, Effect, Either, Stream } from "effect"
import { DemandTable } from "../../services/DemandTable.js"
import { retrySchedule } from "../../services/RetryPolicy.js"
import { CampaignDataStream } from "../../services/RecordStream.js"
import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import type { FanScoreItem } from "../../services/schemas/FanScoreItem.js"
import { defaultPutRetry, type Delivery, deliverBatch, type RetryPolicy } from "../delivery/deliverRecords.js"
import { type Outbound, outbound, RecordBatcher } from "../delivery/recordBatches.js"
import { untilNearDeadline } from "../run/untilNearDeadline.js"
import type { FanlistEntry } from "./decodeFanlistRows.js"
import type { FanlistTally } from "./FanlistResult.js"
import { campaignDataRecord, fanlistItemOf } from "./fanlistItem.js"

export interface SaveFansOptions {
  /** Upserts in flight at once (default 16), over groups of 256 fans: near the descending score order, not exactly. */
  readonly concurrency?: number
  readonly retry?: RetryPolicy
  /** Retries of a fan's upsert that failed after the table's own retries (default defaultUpsertRetry). */
  readonly upsertRetry?: RetryPolicy
}

/**
 * A fan's upsert again after the table's own retries (8, up to 3 s apart) gave up: 4 more,
 * 500 ms doubling to 5 s, jittered, so that a fault lasting some seconds passes (about 10 s).
 */
export const defaultUpsertRetry: RetryPolicy = { retries: 4, baseDelay: "500 millis", maxDelay: "5 seconds" }

/**
 * How far the upserts went: groups of upsertGroupSize survivors done (their records on the
 * stream), whether they stopped early, and the lines of the fans not saved after every retry.
 */
export interface SavedGroups {
  readonly groupsDone: number
  readonly stopped: boolean
  readonly notSaved: ReadonlyArray<{ readonly line: number; readonly reason: string }>
}

/** Fans taken from the sorted survivors at a time; their upserts run `concurrency` at once. */
const upsertGroupSize = 256

/** The line of the fan's kept row: where a failure of its item or record is reported. */
type FanLine = number

const noted = (tally: FanlistTally, line: number, reason: string) => {
  tally.errors.add(line, reason)
  return Effect.logError(`line ${line}: ${reason}`)
}

/**
 * Upserts the survivors to the demand table in the order given, and puts each item the
 * table holds afterwards (created, updated or unchanged) on the campaign data stream,
 * batched and delivered with retries of the rejected records only. Never fails: an upsert
 * that still fails after its retries (upsertRetry) is counted, logged, kept in the errors
 * and its line in `notSaved`, for the load to fail once the other fans are done; a record
 * that does not go through is counted, logged and kept in the errors.
 */
export const saveFans = (
  campaignId: string,
  survivors: Iterable<FanlistEntry>,
  meta: RecordMeta,
  tally: FanlistTally,
  options: SaveFansOptions = {},
  groupsBefore = 0
): Effect.Effect<SavedGroups, never, DemandTable | CampaignDataStream> =>
  Effect.gen(function* () {
    const table = yield* DemandTable
    const stream = yield* CampaignDataStream
    const batcher = new RecordBatcher<FanLine>()
    const notSaved: Array<{ readonly line: FanLine; readonly reason: string }> = []
    const upsertRetry = retrySchedule(options.upsertRetry ?? defaultUpsertRetry)

    // Stamped with the run and the fan's line: a retry of the load counts what the failed one wrote.
    const write = (item: FanScoreItem, line: number) =>
      meta.run === undefined
        ? Effect.map(table.upsertFanScore(item), () => false)
        : Effect.map(table.upsertStamped(item, { run: meta.run, record: `line:${line}` }), (done) => done.moves)

    const upsert = (entry: FanlistEntry): Effect.Effect<ReadonlyArray<Outbound<FanLine>>> => {
      const item = fanlistItemOf(campaignId, entry)
      // Stamped, a retry after a lost reply finds the write made and counts it as it did then.
      const retried = Effect.retry(write(item, entry.line), upsertRetry)
      return Effect.flatMap(Effect.either(retried), (outcome) => {
        if (Either.isLeft(outcome)) {
          tally.dynamoFailed++
          notSaved.push({ line: entry.line, reason: outcome.left.message })
          return Effect.as(noted(tally, entry.line, `not saved: ${outcome.left.message}`), [])
        }
        tally.dynamoOut++
        if (outcome.right) tally.moved++
        const record = campaignDataRecord(item, meta)
        return Effect.succeed([outbound(record.partitionKey, record.json, entry.line)])
      })
    }

    const countDelivery = (delivery: Delivery<FanLine>) => {
      tally.streamOut += delivery.accepted
      tally.streamFailed += delivery.failed.length
      const reasons = delivery.failed.map(({ item, reason }) => [item.meta, `not on the campaign data stream: ${reason}`] as const)
      return Effect.forEach(reasons, ([line, reason]) => noted(tally, line, reason), { discard: true })
    }

    // Upserts of a group run 16 at a time (Effect.forEach over a chunk costs a fraction of
    // Stream.mapEffect's fiber-per-element machinery: ~7 µs a fan here against ~130 µs).
    let done = groupsBefore
    let stopped = false
    const upsertGroup = (fans: Chunk.Chunk<FanlistEntry>) =>
      Effect.map(Effect.forEach(fans, upsert, { concurrency: options.concurrency ?? 16 }), (records) => {
        done++
        return Chunk.unsafeFromArray(records.flat())
      })

    // Before each group but an invocation's first: stop when it is near its end (the groups done are a point to resume from).
    yield* Stream.fromIterable(survivors).pipe(
      Stream.drop(groupsBefore * upsertGroupSize),
      Stream.grouped(upsertGroupSize),
      untilNearDeadline(() => (stopped = true)),
      Stream.mapEffect(upsertGroup),
      Stream.flattenChunks,
      Stream.mapChunks((records) => Chunk.unsafeFromArray(batcher.push(records))),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(batcher.end()))),
      Stream.mapEffect((batch) => deliverBatch(stream, batch, options.retry ?? defaultPutRetry), { concurrency: 4 }),
      Stream.runForEach(countDelivery)
    )
    return { groupsDone: done, stopped, notSaved: notSaved.sort((a, b) => a.line - b.line) }
  })
