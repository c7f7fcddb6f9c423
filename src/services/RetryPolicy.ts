import { Duration, Effect, Random, Schedule } from "effect"

/** Bounded retries with exponential backoff and jitter. */
export interface RetryPolicy {
  readonly retries: number
  readonly baseDelay: Duration.DurationInput
  readonly maxDelay: Duration.DurationInput
}

/** "Equal jitter": between half and all of `cap`, in whole milliseconds. */
const equalJitter = (cap: Duration.Duration) =>
  Effect.map(Random.next, (random) => Duration.millis(Math.round(Duration.toMillis(cap) * (0.5 + random / 2))))

/** The delay before retry n (1-based): exponential, capped, with "equal jitter" (½ to 1×). */
export const backoffDelay = (policy: RetryPolicy, retry: number) =>
  equalJitter(Duration.millis(Math.min(Duration.toMillis(policy.baseDelay) * 2 ** (retry - 1), Duration.toMillis(policy.maxDelay))))

/**
 * The policy as a Schedule: before retry n (1-based) it waits baseDelay × 2^(n-1), capped at
 * maxDelay, with equal jitter (½ to 1× of that, as `backoffDelay`; not `Schedule.jittered`'s
 * 0.8–1.2×, which could go over maxDelay); `retries` recurrences at most. Its output is how
 * many retries it allowed before this one (0-based).
 */
export const retrySchedule = (policy: RetryPolicy): Schedule.Schedule<number> =>
  Schedule.exponential(policy.baseDelay).pipe(
    Schedule.modifyDelayEffect((_, delay) => equalJitter(Duration.min(delay, Duration.decode(policy.maxDelay)))),
    Schedule.intersect(Schedule.recurs(policy.retries)),
    Schedule.map(([, retried]) => retried)
  )

/**
 * As `retrySchedule`, but after a failure that says when to come back (`retryAfter`, e.g.
 * from a `Retry-After` header) that delay is waited instead of the backoff. Still at most
 * `retries` retries; the backoff of the next retry keeps growing meanwhile.
 */
export const retryAfterSchedule = <E>(
  policy: RetryPolicy,
  retryAfter: (failure: E) => Duration.Duration | undefined
): Schedule.Schedule<number, E> =>
  Schedule.intersect(retrySchedule(policy), Schedule.identity<E>()).pipe(
    Schedule.modifyDelay(([, failure], delay) => retryAfter(failure) ?? delay),
    Schedule.map(([retried]) => retried)
  )

/** A retry about to be waited for: after which failure, which one (1-based), after how long. */
export interface RetryStep<E> {
  readonly failure: E
  readonly retry: number
  readonly delay: Duration.Duration
}

/**
 * Runs `f` once before each retry the schedule allows (not on the failure it gives up on, as
 * `Schedule.tapOutput` would). Give it the whole schedule, the retryable test included
 * (`Schedule.whileInput`): the `while` of `Effect.retry` is checked after the inner schedule.
 */
export const beforeEachRetry = <E, R, R2>(
  schedule: Schedule.Schedule<unknown, E, R>,
  f: (step: RetryStep<E>) => Effect.Effect<unknown, never, R2>
): Schedule.Schedule<unknown, E, R | R2> =>
  Schedule.intersect(schedule, Schedule.identity<E>()).pipe(
    Schedule.intersect(Schedule.count),
    Schedule.modifyDelayEffect(([[, failure], retried], delay) => Effect.as(f({ failure, retry: retried + 1, delay }), delay))
  )

/** Exponential from 100 ms, never more than 3 s apart, jittered, `retries` times: for calls whose faults pass. */
export const cappedBackoff = (retries: number) =>
  Schedule.exponential("100 millis").pipe(
    Schedule.union(Schedule.spaced("3 seconds")),
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(retries))
  )
