import { Duration, Effect, Random, Schedule } from "effect"

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

/** Exponential from 100 ms, never more than 3 s apart, jittered, `retries` times: for calls whose faults pass. */
export const cappedBackoff = (retries: number) =>
  Schedule.exponential("100 millis").pipe(
    Schedule.union(Schedule.spaced("3 seconds")),
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(retries))
  )
