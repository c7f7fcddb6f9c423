import { Chunk, Clock, Effect, Either, Stream } from "effect"
import { DemandTable } from "../../services/DemandTable.js"
import type { QueueSendError, ScoringFileError } from "../../services/errors.js"
import { CampaignDataStream } from "../../services/RecordStream.js"
import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { csvRecords } from "../shared/csvStream.js"
import { defaultPutRetry, deliverBatch, type RetryPolicy } from "../shared/deliverRecords.js"
import { outbound, RecordBatcher } from "../shared/recordBatches.js"
import { FanlistRowDecoder } from "./decodeFanlistRows.js"
import { FanlistDedupe } from "./FanlistDedupe.js"
import { type FanlistResult, FanlistTally } from "./FanlistResult.js"
import { campaignDataRecord, fanlistItemOf } from "./fanlistItem.js"
import { parseFanlistKey } from "./fanlistKey.js"

export interface FanlistOptions {
  /** Upserts in flight at once (default 16): near the descending score order, not exactly. */
  readonly concurrency?: number
  readonly retry?: RetryPolicy
}

export type FanlistServices = ScoringBucket | DemandTable | CampaignDataStream | VerdictQueue

/** Reads the whole file into the de-duplication: invalid and duplicate rows are counted and logged. */
const readFanlist = (key: string, tally: FanlistTally) =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    const decoder = new FanlistRowDecoder(key)
    const dedupe = new FanlistDedupe()
    const note = (line: number, reason: string) => {
      tally.errors.add(line, reason)
      return Effect.logWarning(`line ${line}: ${reason}`)
    }
    yield* csvRecords(key, bucket.readObject(key)).pipe(
      Stream.runForEachChunk((records) =>
        Effect.flatMap(decoder.decode(records), (rows) =>
          Effect.forEach(rows, (row) => {
            if (Either.isLeft(row)) {
              tally.invalid++
              return note(row.left.line, row.left.reason)
            }
            const dropped = dedupe.push(row.right)
            if (dropped === undefined) return Effect.void
            tally.duplicate++
            return note(dropped, "duplicate")
          }, { discard: true })
        )
      )
    )
    yield* decoder.finish()
    return dedupe.survivors()
  })

/**
 * The fanlist flow (SPEC §3.2): rows de-duplicated over the whole file, upserted to the
 * demand table in descending score order, the items the table holds put to the
 * campaign data stream, then one verdict-queue message.
 */
export const saveFanlistScores = (
  key: string,
  options: FanlistOptions = {}
): Effect.Effect<FanlistResult, ScoringFileError | QueueSendError, FanlistServices> =>
  Effect.gen(function* () {
    const { campaignId } = yield* parseFanlistKey(key)
    const tally = new FanlistTally(campaignId)
    const survivors = yield* readFanlist(key, tally)
    tally.valid = survivors.length
    const table = yield* DemandTable
    const stream = yield* CampaignDataStream
    const bucket = yield* ScoringBucket
    const meta: RecordMeta = { correlation: crypto.randomUUID(), date: yield* Clock.currentTimeMillis, source: `s3://${bucket.bucket}/${key}` }
    const batcher = new RecordBatcher<number>()

    const upsert = (entry: (typeof survivors)[number]) => {
      const item = fanlistItemOf(campaignId, entry)
      return Effect.either(table.upsertFanScore(item)).pipe(
        Effect.flatMap((outcome) => {
          if (Either.isRight(outcome)) {
            tally.dynamoOut++
            const record = campaignDataRecord(item, meta)
            return Effect.succeed([outbound(record.partitionKey, record.json, entry.line)])
          }
          tally.dynamoFailed++
          tally.errors.add(entry.line, `not saved: ${outcome.left.message}`)
          return Effect.as(Effect.logError(`line ${entry.line}: not saved: ${outcome.left.message}`), [])
        })
      )
    }

    yield* Stream.fromIterable(survivors).pipe(
      Stream.mapEffect(upsert, { concurrency: options.concurrency ?? 16 }),
      Stream.mapConcat((records) => records),
      Stream.mapChunks((records) => Chunk.unsafeFromArray(batcher.push(records))),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(batcher.end()))),
      Stream.mapEffect((batch) => deliverBatch(stream, batch, options.retry ?? defaultPutRetry), { concurrency: 4 }),
      Stream.runForEach((delivery) => {
        tally.streamOut += delivery.accepted
        tally.streamFailed += delivery.failed.length
        return Effect.forEach(delivery.failed, ({ item, reason }) => {
          tally.errors.add(item.meta, `not on the campaign data stream: ${reason}`)
          return Effect.logError(`line ${item.meta}: not on the campaign data stream: ${reason}`)
        }, { discard: true })
      })
    )

    const result = tally.result()
    if (result.dynamo.out > 0) yield* (yield* VerdictQueue).send({ campaignId, count: result.dynamo.out, source: key })
    yield* Effect.logInfo(`${result.input.in} rows: ${result.dynamo.out} saved, ${result.stream.out} on the campaign data stream`)
    return result
  }).pipe(Effect.annotateLogs({ worker: "saveFanlistScores", key }))
