import { Duration, Effect, Random } from "effect"

/** Bounded retries with exponential backoff and jitter. */
export interface RetryPolicy {
  readonly retries: number
  readonly baseDelay: Duration.DurationInput
  readonly maxDelay: Duration.DurationInput
}

/** The delay before retry n (1-based): exponential, capped, with "equal jitter" (½ to 1×). */
export const backoffDelay = (policy: RetryPolicy, retry: number) =>
  Effect.map(Random.next, (random) => {
    const base = Duration.toMillis(policy.baseDelay) * 2 ** (retry - 1)
    const capped = Math.min(base, Duration.toMillis(policy.maxDelay))
    return Duration.millis(Math.round(capped * (0.5 + random / 2)))
  })
