import { Clock, Effect, Stream } from "effect"
import type { QueueSendError, ScoringFileError, StreamPutError } from "../../services/errors.js"
import { ScoresStream } from "../../services/RecordStream.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { csvBlocks } from "../shared/csvBlocks.js"
import { defaultPutRetry, deliverBatch, type RetryPolicy } from "../shared/deliverRecords.js"
import { putEndOfFileMarks } from "../shared/endOfFileMarks.js"
import { fileRun } from "../shared/fileRun.js"
import type { LoadScoresResult } from "./LoadScoresResult.js"
import { parseScrubbedKey } from "./scrubbedKey.js"
import { blockDecoder } from "./ScrubbedBlockDecoder.js"
import { ScrubbedRun } from "./ScrubbedRun.js"

export interface LoadScoresOptions {
  /** PutRecords calls in flight at once (default 4). */
  readonly concurrency?: number
  readonly retry?: RetryPolicy
  /**
   * The version of the object (S3's sequencer or version id): with it, every retry of the
   * load is the same run, and what a failed load wrote counts for its retry (fileRun).
   */
  readonly version?: string
}

export type LoadScoresError = ScoringFileError | QueueSendError | StreamPutError

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
    const correlation = crypto.randomUUID()
    const date = yield* Clock.currentTimeMillis
    const decoder = yield* blockDecoder
    const source = `s3://${bucket.bucket}/${key}`
    const fileRunId = fileRun(source, options.version)
    const run = new ScrubbedRun(key, campaignId, { correlation, date, source, run: fileRunId }, decoder)

    yield* csvBlocks(key, bucket.readObject(key), decoder.blockBytes).pipe(
      Stream.mapEffect(run.decode, { concurrency: decoder.concurrency }),
      Stream.mapEffect(run.fanRecords),
      Stream.flattenChunks,
      Stream.concat(run.lastRecords),
      Stream.mapChunks(run.batch),
      Stream.concat(run.lastBatch),
      Stream.mapEffect((batch) => deliverBatch(stream, batch, options.retry ?? defaultPutRetry), {
        concurrency: options.concurrency ?? 4
      }),
      Stream.runForEach(run.countDelivery),
      Effect.annotateLogs({ campaignId, correlationId: correlation })
    )

    const result = run.tally.result()
    if (result.out > 0) {
      const mark = { campaignId, run: fileRunId, loadId: correlation }
      const shards = yield* putEndOfFileMarks(stream, mark, options.retry ?? defaultPutRetry)
      const since = yield* Clock.currentTimeMillis
      const message = { campaignId, count: result.out, source: key, run: fileRunId, loadId: correlation, shards, since }
      yield* VerdictQueue.pipe(Effect.flatMap((queue) => queue.send(message)))
    }
    yield* Effect.logInfo(`${result.in} rows: ${result.out} fan records out, ${result.failed} failed, ${result.invalid} invalid`)
    return result
  }).pipe(Effect.annotateLogs({ worker: "loadScoresToStream", key }), Effect.withSpan("loadScoresToStream"))
