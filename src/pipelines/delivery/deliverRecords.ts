import { Effect, Ref, Schedule } from "effect"
import { beforeEachRetry, type RetryPolicy, retrySchedule } from "../../services/RetryPolicy.js"
import type { RecordStream } from "../../services/RecordStream.js"
import { type Outbound, putRecordsLimits } from "./recordBatches.js"

export type { RetryPolicy } from "../../services/RetryPolicy.js"

export const defaultPutRetry: RetryPolicy = { retries: 16, baseDelay: "50 millis", maxDelay: "1 second" }

export interface Undelivered<M> {
  readonly item: Outbound<M>
  readonly reason: string
}

/** Of one batch: how many records the stream accepted, and those it never did. */
export interface Delivery<M> {
  readonly accepted: number
  readonly failed: ReadonlyArray<Undelivered<M>>
}

const tooLarge = (item: Outbound<unknown>) => item.size > putRecordsLimits.recordBytes

/** A call that left records out: those, with their reasons, of how many sent, and whether to retry. */
interface Rejected<M> {
  readonly rejected: ReadonlyArray<Undelivered<M>>
  readonly of: number
  readonly retryable: boolean
}

/**
 * Puts one batch, retrying only the records the stream rejected (throttling), and a
 * failed call when the error is retryable, within the policy. Never fails: what is
 * still not accepted at the end is returned as failed with its last reason.
 */
export const deliverBatch = <M>(
  stream: RecordStream,
  batch: ReadonlyArray<Outbound<M>>,
  policy: RetryPolicy = defaultPutRetry
): Effect.Effect<Delivery<M>> =>
  Effect.gen(function* () {
    const oversized = batch.filter(tooLarge).map((item) => ({ item, reason: `record of ${item.size} bytes is over 1 MiB` }))
    const pending = yield* Ref.make(batch.filter((item) => !tooLarge(item)))
    const accepted = yield* Ref.make(0)
    /** One call with the records still pending; fails with those it left out. */
    const attempt = Effect.gen(function* () {
      const items = yield* Ref.get(pending)
      if (items.length === 0) return
      const call = yield* Effect.either(stream.putRecords(items.map((item) => item.entry)))
      if (call._tag === "Left") {
        const rejected = items.map((item) => ({ item, reason: call.left.reason }))
        return yield* Effect.fail<Rejected<M>>({ rejected, of: items.length, retryable: call.left.retryable })
      }
      const rejected: Array<Undelivered<M>> = []
      call.right.forEach((outcome, i) => {
        if (!outcome.accepted) rejected.push({ item: items[i]!, reason: `${outcome.errorCode}: ${outcome.errorMessage}` })
      })
      yield* Ref.update(accepted, (n) => n + call.right.filter((outcome) => outcome.accepted).length)
      yield* Ref.set(pending, rejected.map((r) => r.item))
      if (rejected.length > 0) return yield* Effect.fail<Rejected<M>>({ rejected, of: items.length, retryable: true })
    })
    const schedule = beforeEachRetry(
      retrySchedule(policy).pipe(Schedule.whileInput((failure: Rejected<M>) => failure.retryable)),
      ({ failure }) => Effect.logDebug(`${stream.streamName}: retrying ${failure.rejected.length} of ${failure.of} records`)
    )
    const left = yield* Effect.retry(attempt, schedule).pipe(
      Effect.match({ onSuccess: () => [], onFailure: (failure) => failure.rejected })
    )
    return { accepted: yield* Ref.get(accepted), failed: [...oversized, ...left] }
  })
