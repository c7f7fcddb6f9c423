import { Array as Arr, Effect } from "effect"
import { kinesisEventOf, type StreamRecordOut } from "../handlers/kinesisEvent.js"
import type { ConsumedBatch } from "../handlers/streamConsumer.js"

/** Records per Lambda invocation (the stream event sources' default batch size). */
export const consumerBatchSize = 100
/** Deliveries of a batch at most: the first, and two retries of what failed. */
export const consumerAttempts = 3

/**
 * Delivers stream records to a consumer's handler as a stream event source does:
 * batches in order; when a batch reports failures, it is delivered again from its
 * lowest failed sequence number on (ReportBatchItemFailures), a bounded number of times.
 * Returns each invocation's result.
 */
export const deliverStream = <T, R, E, Deps>(
  records: ReadonlyArray<T>,
  sequenceNumberOf: (record: T) => string,
  eventOf: (batch: ReadonlyArray<T>) => unknown,
  handle: (event: unknown) => Effect.Effect<ConsumedBatch<R>, E, Deps>
): Effect.Effect<Array<R>, E, Deps> =>
  Effect.gen(function* () {
    const results: Array<R> = []
    for (const batch of Arr.chunksOf(records, consumerBatchSize)) {
      let pending: ReadonlyArray<T> = batch
      for (let attempt = 1; pending.length > 0; attempt++) {
        const { reply, result } = yield* handle(eventOf(pending))
        results.push(result)
        const failed = new Set(reply.batchItemFailures.map((failure) => failure.itemIdentifier))
        const first = pending.findIndex((record) => failed.has(sequenceNumberOf(record)))
        if (first === -1 || attempt >= consumerAttempts) break
        pending = pending.slice(first)
      }
    }
    return results
  })

/** Kinesis records of one stream to a consumer's handler. */
export const deliverToConsumer = <R, E, Deps>(
  streamName: string,
  records: ReadonlyArray<StreamRecordOut>,
  handle: (event: unknown) => Effect.Effect<ConsumedBatch<R>, E, Deps>,
  region?: string
) => deliverStream(records, (record) => record.sequenceNumber, (batch) => kinesisEventOf(streamName, batch, region), handle)
