import { Effect } from "effect"
import { cappedBackoff } from "../../services/RetryPolicy.js"
import { awsErrorFacts } from "./awsError.js"

const throttling = new Set(["ThrottlingException", "RequestThrottled", "SlowDown", "RequestLimitExceeded", "TooManyRequestsException"])

/** Throttling, 5xx, and errors with no answer (resets, timeouts, lost replies) may pass on a later try; other 4xx will not. */
export const isTransientAwsError = (error: unknown): boolean => {
  const { name, status, sdkRetryable } = awsErrorFacts(error)
  return sdkRetryable || status === undefined || status >= 500 || throttling.has(name)
}

/** 100 ms doubling, at most 3 s apart, jittered; 8 retries (~12 s) over the SDK's own attempts. */
export const transientRetry = cappedBackoff(8)

/**
 * An SDK call retried while it fails with a transient error (the SDK's own retries share a
 * token bucket that sustained faults drain; these do not), then its error as `toError` says.
 */
export const sendRetried = <A, E>(send: (signal: AbortSignal) => Promise<A>, toError: (error: unknown) => E): Effect.Effect<A, E> =>
  Effect.tryPromise({ try: send, catch: (error) => error }).pipe(
    Effect.retry({ schedule: transientRetry, while: isTransientAwsError }),
    Effect.mapError(toError)
  )
