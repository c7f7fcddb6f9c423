import { Effect } from "effect"
import { backoffDelay, type RetryPolicy } from "../../services/RetryPolicy.js"
import type { RecordStream } from "../../services/RecordStream.js"
import { type Outbound, putRecordsLimits } from "./recordBatches.js"

export { backoffDelay, type RetryPolicy } from "../../services/RetryPolicy.js"

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

/**
 * Puts one batch, retrying only the records the stream rejected (throttling), and a
 * failed call when the error is retryable, within the policy. Never fails: what is
 * still not accepted at the end is returned as failed with its last reason.
 */
export const deliverBatch = <M>(
  stream: RecordStream,
  batch: ReadonlyArray<Outbound<M>>,
  policy: RetryPolicy = defaultPutRetry
): Effect.Effect<Delivery<M>> => {
  const oversized = batch.filter(tooLarge).map((item) => ({ item, reason: `record of ${item.size} bytes is over 1 MiB` }))
  const attempt = (pending: ReadonlyArray<Outbound<M>>, retry: number, accepted: number): Effect.Effect<Delivery<M>> =>
    Effect.gen(function* () {
      if (pending.length === 0) return { accepted, failed: oversized }
      const call = yield* Effect.either(stream.putRecords(pending.map((item) => item.entry)))
      let rejected: Array<Undelivered<M>>
      let retryable = true
      if (call._tag === "Left") {
        rejected = pending.map((item) => ({ item, reason: call.left.reason }))
        retryable = call.left.retryable
      } else {
        rejected = []
        call.right.forEach((outcome, i) => {
          if (outcome.accepted) accepted++
          else rejected.push({ item: pending[i]!, reason: `${outcome.errorCode}: ${outcome.errorMessage}` })
        })
      }
      if (rejected.length === 0) return { accepted, failed: oversized }
      if (!retryable || retry >= policy.retries) return { accepted, failed: [...oversized, ...rejected] }
      yield* Effect.logDebug(`${stream.streamName}: retrying ${rejected.length} of ${pending.length} records`)
      yield* Effect.sleep(yield* backoffDelay(policy, retry + 1))
      return yield* attempt(rejected.map((r) => r.item), retry + 1, accepted)
    })
  return attempt(batch.filter((item) => !tooLarge(item)), 0, 0)
}
