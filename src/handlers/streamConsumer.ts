import { Effect, Schema } from "effect"
import { countsOf, WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { ConsumerReply, IncomingRecord } from "../pipelines/shared/incomingRecords.js"
import { batchItemFailures, type BatchItemFailures, incomingRecordsOf, KinesisEvent } from "./kinesisEvent.js"

/** A consumer's answer to Lambda, and its result for the caller (local runner, tests). */
export interface ConsumedBatch<R> {
  readonly reply: BatchItemFailures
  readonly result: R
}

/**
 * Runs a batch consumer on a Lambda event: decodes the event into the worker's input,
 * runs the worker, publishes its counts, and answers with the items to retry
 * (ReportBatchItemFailures: sequence numbers for streams, message ids for SQS).
 */
export const consumeEvent =
  <E, A, I, R extends object, Deps, DecodeError = never>(
    worker: string,
    schema: Schema.Schema<E, I>,
    toInput: (event: E) => ReadonlyArray<A>,
    consume: (input: ReadonlyArray<A>) => Effect.Effect<ConsumerReply<R>, DecodeError, Deps>
  ) =>
  (event: unknown) =>
    Effect.gen(function* () {
      const input = toInput(yield* Schema.decodeUnknown(schema)(event))
      const { result, retry } = yield* consume(input)
      yield* Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(worker, countsOf(result)))
      return { reply: batchItemFailures(retry), result } satisfies ConsumedBatch<R>
    })

/** A scores-stream consumer on a Kinesis event. */
export const consumeKinesisEvent = <R extends object, Deps>(
  worker: string,
  consume: (records: ReadonlyArray<IncomingRecord>) => Effect.Effect<ConsumerReply<R>, never, Deps>
) => consumeEvent(worker, KinesisEvent, incomingRecordsOf, consume)
