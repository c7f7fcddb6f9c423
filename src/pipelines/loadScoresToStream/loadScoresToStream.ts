import { Chunk, Clock, Effect, Stream } from "effect"
import type { MissingSetting, QueueSendError, ScoringFileError, StreamPutError } from "../../services/errors.js"
import { ScoresStream } from "../../services/RecordStream.js"
import { nextCorrelationId } from "../../services/CorrelationIds.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { batchRecords } from "../delivery/batchRecords.js"
import { csvBlocks } from "../csv/csvBlocks.js"
import { fileQuality, maxInvalidShare, qualityMessage } from "../quality/dataQuality.js"
import { defaultPutRetry, type RetryPolicy } from "../delivery/deliverRecords.js"
import { deliverBatches, deliveryTally } from "../delivery/deliverySink.js"
import { putEndOfFileMarks } from "../delivery/endOfFileMarks.js"
import { fileRun } from "../run/fileRun.js"
import { tallyRows } from "../rows/tallyRows.js"
import { untilNearDeadline } from "../run/untilNearDeadline.js"
import { decodeScrubbedBlocks } from "./decodeScrubbedBlocks.js"
import { scrubbedInvalidReasons } from "./decodeScrubbedRows.js"
import { type LoadScoresResult, LoadScoresTally } from "./LoadScoresResult.js"
import { type FanLine, mergeFans } from "./mergeFans.js"
import { parseScrubbedKey } from "./scrubbedKey.js"
import { blockDecoder } from "./ScrubbedBlockDecoder.js"
import { deliveredSoFar, type ScrubbedCheckpoint, scrubbedCheckpoint } from "./ScrubbedCheckpoint.js"

export interface LoadScoresOptions {
  /** PutRecords calls in flight at once (default 4). */
  readonly concurrency?: number
  readonly retry?: RetryPolicy
  /**
   * The version of the object (S3's sequencer or version id): with it, every retry of the
   * load is the same run, and what a failed load wrote counts for its retry (fileRun).
   */
  readonly version?: string
  /** The share of invalid rows above which the file is warned about (default: DATA_QUALITY_MAX_INVALID). */
  readonly maxInvalidShare?: number
  /** Go on from a checkpoint of an earlier invocation of this load (a continuation). */
  readonly resume?: ScrubbedCheckpoint
}

export type LoadScoresError = ScoringFileError | QueueSendError | StreamPutError | MissingSetting

/**
 * The scrubbed-file flow (SPEC §3.1): S3 bytes → blocks of whole CSV records, decoded
 * (in this thread, or by worker threads: ScrubbedBlockDecoder) → fans merged across blocks
 * into fan records → batched PutRecords on the scores stream; then, when any record went
 * out, an end-of-file mark on every shard and one verdict-queue message naming the run.
 */
export const loadScoresToStream = (
  key: string,
  options: LoadScoresOptions = {}
): Effect.Effect<LoadScoresResult, LoadScoresError, ScoringBucket | ScoresStream | VerdictQueue> =>
  Effect.gen(function* () {
    const { campaignId } = yield* parseScrubbedKey(key)
    const bucket = yield* ScoringBucket
    const stream = yield* ScoresStream
    const resume = options.resume
    const correlation = resume?.correlation ?? (yield* nextCorrelationId)
    const date = resume?.date ?? (yield* Clock.currentTimeMillis)
    const decoder = yield* blockDecoder
    const maxInvalid = options.maxInvalidShare ?? (yield* maxInvalidShare)
    const source = `s3://${bucket.bucket}/${key}`
    const fileRunId = fileRun(source, options.version)
    const file = { file: key, campaignId, meta: { correlation, date, source, run: fileRunId } }
    const tally = new LoadScoresTally(campaignId)
    const recordsBefore = resume?.recordsDone ?? 0
    let recordsTaken = 0
    let stopped = false

    // A continuation reads and merges the file again, and puts only the records after those done.
    const delivered = yield* csvBlocks(key, bucket.readObject(key), decoder.blockBytes).pipe(
      decodeScrubbedBlocks(file, decoder),
      mergeFans(file),
      tallyRows(tally),
      Stream.mapConcatChunk((merged) => Chunk.unsafeFromArray(merged.records)),
      Stream.drop(recordsBefore),
      batchRecords<FanLine>(),
      untilNearDeadline(() => (stopped = true)),
      Stream.tap((batch) => Effect.sync(() => (recordsTaken += batch.length))),
      deliverBatches(stream, options),
      Stream.run(deliveryTally((line: FanLine) => line, "fan record not delivered")),
      Effect.map((now) => deliveredSoFar(resume, now)),
      Effect.annotateLogs({ campaignId, correlationId: correlation })
    )
    tally.delivered(delivered)
    if (stopped) {
      const invocations = (resume?.invocations ?? 1) + 1
      const continues = scrubbedCheckpoint(recordsBefore + recordsTaken, delivered, { correlation, date, invocations })
      yield* Effect.logInfo(`near the invocation's end after ${continues.recordsDone} fan records: the load goes on in invocation ${invocations}`)
      return { ...tally.result(), continues }
    }
    const counted = tally.result()
    const refused = { key, rejected: tally.rejected, errors: tally.errors, reasons: scrubbedInvalidReasons(key, campaignId) }
    tally.quality = yield* fileQuality(refused, { invalid: counted.invalid, rows: counted.in }, maxInvalid)

    const result = tally.result()
    if (result.out > 0) {
      const mark = { campaignId, run: fileRunId, loadId: correlation }
      const shards = yield* putEndOfFileMarks(stream, mark, options.retry ?? defaultPutRetry)
      const since = yield* Clock.currentTimeMillis
      const message = { campaignId, count: result.out, source: key, run: fileRunId, loadId: correlation, shards, since, ...qualityMessage(tally.quality) }
      yield* VerdictQueue.pipe(Effect.flatMap((queue) => queue.send(message)))
    }
    yield* Effect.logInfo(`${result.in} rows: ${result.out} fan records out, ${result.failed} failed, ${result.invalid} invalid`)
    return result
  }).pipe(Effect.annotateLogs({ worker: "loadScoresToStream", key }), Effect.withSpan("loadScoresToStream"))
