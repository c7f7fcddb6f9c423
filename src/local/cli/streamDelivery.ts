import { Array as Arr, Cause, Duration, Effect, Exit, Random } from "effect"
import { kinesisEventOf, type StreamRecordOut } from "../../lambda/events/kinesisEvent.js"
import type { ConsumedBatch } from "../../lambda/streamConsumer.js"
import { concurrentBatches } from "./flow/concurrentBatches.js"

/** Records per Lambda invocation (the stream event sources' default batch size). */
export const consumerBatchSize = 100

/** How the runner retries a batch, as the stack's mappings do (infra/stack/triggers.ts: 8 retries, bisect on error). */
export interface MappingRetry {
  /** Retries of a batch (MaximumRetryAttempts) before what still fails goes to the failure list. */
  readonly retries: number
  /** The first delay between retries; doubled each time, capped at maxDelayMillis, jittered (½ to 1×). */
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
}

export const stackMappingRetry: MappingRetry = { retries: 8, baseDelayMillis: 100, maxDelayMillis: 2_000 }

/** Records a mapping gave up on, as its on-failure destination would hold them (the batch's range, not the records). */
export interface GivenUp {
  readonly consumer: string
  readonly source: string
  readonly shardId?: string
  readonly firstSequenceNumber: string
  readonly lastSequenceNumber: string
  readonly records: number
  readonly reason: string
}

export interface Delivered<R> {
  readonly results: Array<R>
  readonly givenUp: Array<GivenUp>
}

/** Where delivered records came from, for the failure list. */
export interface StreamSource<T> {
  readonly consumer: string
  readonly source: string
  readonly sequenceNumberOf: (record: T) => string
  readonly shardOf?: (record: T) => string | undefined
  /** A record's partition key: with a parallelization above 1, a key's records stay in order across the concurrent batches. */
  readonly keyOf?: (record: T) => string
  /** Records per invocation, as the consumer's mapping has it (consumerBatchSize unless given). */
  readonly batchSize?: number
}

const pause = (retry: MappingRetry, n: number) =>
  Effect.flatMap(Random.next, (random) => {
    const capped = Math.min(retry.baseDelayMillis * 2 ** (n - 1), retry.maxDelayMillis)
    return Effect.sleep(Duration.millis(Math.round(capped * (0.5 + random / 2))))
  })

/**
 * Delivers stream records to a consumer's handler as a stream event source mapping does:
 * batches in order; a batch that reports failures is delivered again from its lowest failed
 * sequence number on (ReportBatchItemFailures); a batch whose invocation fails is split in
 * halves (BisectBatchOnFunctionError); each with backoff, up to `retry.retries` retries,
 * after which what still fails is given up (listed, as the on-failure destination would keep it).
 * With a `parallelization` above 1 (and the records' `keyOf`), that many batches at once.
 */
export const deliverStream = <T, R, E, Deps>(
  records: ReadonlyArray<T>,
  from: StreamSource<T>,
  eventOf: (batch: ReadonlyArray<T>) => unknown,
  handle: (event: unknown) => Effect.Effect<ConsumedBatch<R>, E, Deps>,
  retry: MappingRetry = stackMappingRetry,
  parallelization = 1
): Effect.Effect<Delivered<R>, never, Deps> =>
  Effect.gen(function* () {
    const delivered: Delivered<R> = { results: [], givenUp: [] }
    const giveUp = (batch: ReadonlyArray<T>, reason: string) => {
      const shardId = from.shardOf?.(batch[0]!)
      delivered.givenUp.push({
        consumer: from.consumer,
        source: from.source,
        ...(shardId === undefined ? {} : { shardId }),
        firstSequenceNumber: from.sequenceNumberOf(batch[0]!),
        lastSequenceNumber: from.sequenceNumberOf(batch[batch.length - 1]!),
        records: batch.length,
        reason
      })
    }
    const deliver = (batch: ReadonlyArray<T>, retries: number): Effect.Effect<void, never, Deps> =>
      Effect.gen(function* () {
        const exit = yield* Effect.exit(handle(eventOf(batch)))
        if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) return yield* Effect.interrupt
        if (Exit.isFailure(exit)) {
          const reason = `invocation failed: ${Cause.pretty(exit.cause).split("\n")[0]}`
          if (retries >= retry.retries) return giveUp(batch, `${reason} (after ${retries} retries)`)
          yield* pause(retry, retries + 1)
          if (batch.length === 1) return yield* deliver(batch, retries + 1)
          const half = Math.ceil(batch.length / 2)
          yield* deliver(batch.slice(0, half), retries + 1)
          return yield* deliver(batch.slice(half), retries + 1)
        }
        delivered.results.push(exit.value.result)
        const failed = new Set(exit.value.reply.batchItemFailures.map((failure) => failure.itemIdentifier))
        const first = batch.findIndex((record) => failed.has(from.sequenceNumberOf(record)))
        if (first === -1) return
        if (retries >= retry.retries) return giveUp(batch.slice(first), `batch item failures after ${retries} retries`)
        yield* pause(retry, retries + 1)
        return yield* deliver(batch.slice(first), retries + 1)
      })
    const batches = Arr.chunksOf(records, from.batchSize ?? consumerBatchSize)
    if (parallelization <= 1 || from.keyOf === undefined) for (const batch of batches) yield* deliver(batch, 0)
    else yield* concurrentBatches(batches, from.keyOf, parallelization, (batch) => deliver(batch, 0))
    return delivered
  })

/** Kinesis records of one shard of a stream to a consumer's handler (at the mapping's parallelization: 1 unless given). */
export const deliverToConsumer = <R, E, Deps>(
  streamName: string,
  consumer: string,
  records: ReadonlyArray<StreamRecordOut>,
  handle: (event: unknown) => Effect.Effect<ConsumedBatch<R>, E, Deps>,
  region?: string,
  retry?: MappingRetry,
  parallelization?: number
) =>
  deliverStream(
    records,
    {
      consumer,
      source: `stream ${streamName}`,
      sequenceNumberOf: (record) => record.sequenceNumber,
      shardOf: (record) => record.shardId,
      keyOf: (record) => record.partitionKey
    },
    (batch) => kinesisEventOf(streamName, batch, region),
    handle,
    retry,
    parallelization
  )
