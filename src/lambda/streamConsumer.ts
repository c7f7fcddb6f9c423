import { Effect } from "effect"
import { countsOf, type MetricCounts, WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { ConsumerReply, IncomingRecord } from "../pipelines/delivery/incomingRecords.js"
import { readEvent, type RecordReader } from "./events/eventRecords.js"
import { batchItemFailures, type BatchItemFailures, readKinesisRecord } from "./events/kinesisEvent.js"

/** A consumer's answer to Lambda, and its result for the caller (local runner, tests). */
export interface ConsumedBatch<R> {
  readonly reply: BatchItemFailures
  /** The worker's result over the records that could be read. */
  readonly result: R
  /** Records of the event that could not be read: logged, never handed to the worker nor back to Lambda. */
  readonly unreadable: number
}

/**
 * Runs a batch consumer on a Lambda event: reads each record of the event on its own
 * (a record that cannot be read is logged and counted, the others go on), runs the
 * worker on the records read, publishes its counts, the unreadable ones and the worker's
 * `figures` (counts of the success figures it measures, SPEC §13), and answers
 * with the items to retry (ReportBatchItemFailures: sequence numbers for streams,
 * message ids for SQS). An unreadable record is never retried: it would never read.
 */
export const consumeEvent = <A, R extends object, Deps, E = never>(
  worker: string,
  source: string,
  readRecord: RecordReader<A>,
  consume: (input: ReadonlyArray<A>) => Effect.Effect<ConsumerReply<R>, E, Deps>,
  figures: (result: R) => MetricCounts = () => ({})
) => {
  const read = readEvent(source, readRecord)
  return (event: unknown): Effect.Effect<ConsumedBatch<R>, E, Deps | WorkerMetrics> =>
    Effect.gen(function* () {
      const { records, unreadable } = yield* read(event)
      const { result, retry } = yield* consume(records)
      yield* Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(worker, { ...countsOf(result), unreadable, ...figures(result) }))
      return { reply: batchItemFailures(retry), result, unreadable }
    }).pipe(Effect.annotateLogs({ worker }))
}

/** A scores-stream consumer on a Kinesis event. */
export const consumeKinesisEvent = <R extends object, Deps>(
  worker: string,
  consume: (records: ReadonlyArray<IncomingRecord>) => Effect.Effect<ConsumerReply<R>, never, Deps>,
  figures?: (result: R) => MetricCounts
) => consumeEvent(worker, "Kinesis", readKinesisRecord, consume, figures)
