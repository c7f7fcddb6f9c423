import { Array as Arr, Effect } from "effect"
import { kinesisEventOf, type StreamRecordOut } from "../handlers/kinesisEvent.js"
import type { ConsumedBatch } from "../handlers/streamConsumer.js"

/** Records per Lambda invocation (the event source's default batch size). */
export const consumerBatchSize = 100
/** Deliveries of a batch at most: the first, and two retries of what failed. */
export const consumerAttempts = 3

/**
 * Delivers stream records to a consumer's handler as the Kinesis event source does:
 * batches in order; when a batch reports failures, it is delivered again from its
 * lowest failed sequence number on (ReportBatchItemFailures), a bounded number of times.
 * Returns each invocation's result.
 */
export const deliverToConsumer = <R, E, Deps>(
  streamName: string,
  records: ReadonlyArray<StreamRecordOut>,
  handle: (event: unknown) => Effect.Effect<ConsumedBatch<R>, E, Deps>
): Effect.Effect<Array<R>, E, Deps> =>
  Effect.gen(function* () {
    const results: Array<R> = []
    for (const batch of Arr.chunksOf(records, consumerBatchSize)) {
      let pending: ReadonlyArray<StreamRecordOut> = batch
      for (let attempt = 1; pending.length > 0; attempt++) {
        const { reply, result } = yield* handle(kinesisEventOf(streamName, pending))
        results.push(result)
        const failed = new Set(reply.batchItemFailures.map((failure) => failure.itemIdentifier))
        const first = pending.findIndex((record) => failed.has(record.sequenceNumber))
        if (first === -1 || attempt >= consumerAttempts) break
        pending = pending.slice(first)
      }
    }
    return results
  })
