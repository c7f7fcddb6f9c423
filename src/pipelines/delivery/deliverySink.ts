import { Effect, Sink, Stream } from "effect"
import type { RecordStream } from "../../services/RecordStream.js"
import { defaultPutRetry, type Delivery, deliverBatch, type RetryPolicy } from "./deliverRecords.js"
import { ErrorList, type LineError } from "../rows/errorList.js"
import type { Outbound } from "./recordBatches.js"

export interface DeliveryOptions {
  /** PutRecords calls in flight at once (default 4); deliveries come out in batch order. */
  readonly concurrency?: number
  readonly retry?: RetryPolicy
}

/** Stage: batches → their deliveries to `stream` (deliverBatch: only rejected records retried; never fails). */
export const deliverBatches =
  (stream: RecordStream, options: DeliveryOptions = {}) =>
  <M, E, R>(batches: Stream.Stream<ReadonlyArray<Outbound<M>>, E, R>): Stream.Stream<Delivery<M>, E, R> =>
    Stream.mapEffect(batches, (batch) => deliverBatch(stream, batch, options.retry ?? defaultPutRetry), {
      concurrency: options.concurrency ?? 4
    })

/** What a run's deliveries came to: records accepted, records never accepted, and the first 100 of those. */
export interface DeliveryTally {
  readonly accepted: number
  readonly failed: number
  readonly errors: ReadonlyArray<LineError>
}

/**
 * Sink: deliveries → their tally. Each record never accepted is logged as an error with
 * the line `lineOf` gives and `what` it was ("fan record not delivered: <reason>").
 */
export const deliveryTally = <M>(lineOf: (meta: M) => number, what: string): Sink.Sink<DeliveryTally, Delivery<M>> =>
  Sink.suspend(() => {
    const errors = new ErrorList()
    let accepted = 0
    let failed = 0
    const take = (delivery: Delivery<M>) => {
      accepted += delivery.accepted
      failed += delivery.failed.length
      return Effect.forEach(
        delivery.failed,
        ({ item, reason }) => {
          const line = lineOf(item.meta)
          errors.add(line, `${what}: ${reason}`)
          return Effect.logError(`line ${line}: ${what}: ${reason}`)
        },
        { discard: true }
      )
    }
    return Sink.map(Sink.forEach(take), () => ({ accepted, failed, errors: errors.kept }))
  })
