import { Effect, Schema } from "effect"
import { countsOf, WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { ConsumerReply, IncomingRecord } from "../pipelines/shared/incomingRecords.js"
import { batchItemFailures, type BatchItemFailures, incomingRecordsOf, KinesisEvent } from "./kinesisEvent.js"

/** A consumer's answer to Lambda, and its result for the caller (local runner, tests). */
export interface ConsumedBatch<R> {
  readonly reply: BatchItemFailures
  readonly result: R
}

const decodeKinesisEvent = Schema.decodeUnknown(KinesisEvent)

/**
 * Runs a scores-stream consumer on a Kinesis event: decodes the event, runs the worker,
 * publishes its counts, and answers with the sequence numbers to retry.
 */
export const consumeKinesisEvent =
  <R extends object, Deps>(worker: string, consume: (records: ReadonlyArray<IncomingRecord>) => Effect.Effect<ConsumerReply<R>, never, Deps>) =>
  (event: unknown) =>
    Effect.gen(function* () {
      const records = incomingRecordsOf(yield* decodeKinesisEvent(event))
      const { result, retry } = yield* consume(records)
      yield* Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(worker, countsOf(result)))
      return { reply: batchItemFailures(retry), result } satisfies ConsumedBatch<R>
    })
