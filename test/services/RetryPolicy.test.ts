import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Random, Schedule, TestClock } from "effect"
import fc from "fast-check"
import {
  backoffDelay,
  beforeEachRetry,
  retryAfterSchedule,
  type RetryPolicy,
  type RetryStep,
  retrySchedule
} from "../../src/services/RetryPolicy.js"
import { attemptLog, expectRetriesAfter, toTheEnd } from "../support/retryClock.js"

interface Failure {
  readonly retryable: boolean
  readonly retryAfter?: Duration.Duration
}

/** A call that fails with `failures[n]` on attempt n (the last one repeating), stamping each attempt. */
const failing = (...failures: ReadonlyArray<Failure>) => {
  const { at, stamp } = attemptLog()
  const call = Effect.zipRight(stamp, Effect.suspend(() => Effect.fail(failures[Math.min(at.length, failures.length) - 1]!)))
  return { at, call }
}

const policy: RetryPolicy = { retries: 5, baseDelay: "100 millis", maxDelay: "500 millis" }
const waitsOf = (at: ReadonlyArray<number>) => at.slice(1).map((time, i) => time - at[i]!)

describe("retrySchedule", () => {
  it.effect("retries `retries` times, doubling from baseDelay up to maxDelay (jitter at 1×), then gives up", () =>
    Effect.gen(function* () {
      const { at, call } = failing({ retryable: true })
      const fiber = yield* Effect.fork(Effect.retry(call, retrySchedule(policy)).pipe(Effect.withRandom(Random.fixed([1]))))
      yield* expectRetriesAfter(at, [100, 200, 400, 500, 500])
      expect(yield* Effect.flip(Fiber.join(fiber))).toEqual({ retryable: true })
      expect(at).toHaveLength(policy.retries + 1)
    }))

  it.effect("waits between half and all of each capped delay, and not always the same (equal jitter)", () =>
    Effect.gen(function* () {
      const firstWaits = new Set<number>()
      for (let seed = 0; seed < 20; seed++) {
        const { at, call } = failing({ retryable: true })
        yield* toTheEnd(Effect.flip(Effect.retry(call, retrySchedule(policy)).pipe(Effect.withRandom(Random.make(seed)))))
        const caps = [100, 200, 400, 500, 500]
        waitsOf(at).forEach((wait, i) => {
          expect(wait).toBeGreaterThanOrEqual(caps[i]! / 2)
          expect(wait).toBeLessThanOrEqual(caps[i]!)
        })
        firstWaits.add(waitsOf(at)[0]!)
      }
      expect(firstWaits.size).toBeGreaterThan(5)
    }))

  it.effect("retries nothing with no retries", () =>
    Effect.gen(function* () {
      const { at, call } = failing({ retryable: true })
      yield* toTheEnd(Effect.flip(Effect.retry(call, retrySchedule({ ...policy, retries: 0 }))))
      expect(at).toHaveLength(1)
    }))
})

describe("retryAfterSchedule", () => {
  const schedule = retryAfterSchedule(policy, (failure: Failure) => failure.retryAfter)

  it.effect("waits a failure's retryAfter instead of the backoff, and the backoff after one without", () =>
    Effect.gen(function* () {
      const { at, call } = failing(
        { retryable: true, retryAfter: Duration.seconds(7) },
        { retryable: true },
        { retryable: true, retryAfter: Duration.zero },
        { retryable: true }
      )
      const fiber = yield* Effect.fork(Effect.retry(call, schedule).pipe(Effect.withRandom(Random.fixed([1]))))
      yield* expectRetriesAfter(at, [7_000])
      yield* TestClock.adjust("1 day")
      expect(yield* Effect.flip(Fiber.join(fiber))).toEqual({ retryable: true })
      expect(waitsOf(at)).toEqual([7_000, 200, 0, 500, 500])
    }))
})

describe("beforeEachRetry", () => {
  it.effect("runs before each retry with the failure, its number and its wait; not on the failure given up on", () =>
    Effect.gen(function* () {
      const steps: Array<RetryStep<Failure>> = []
      const { at, call } = failing({ retryable: true }, { retryable: true }, { retryable: false })
      const schedule = beforeEachRetry(
        retrySchedule(policy).pipe(Schedule.whileInput((failure: Failure) => failure.retryable)),
        (step) => Effect.sync(() => steps.push(step))
      )
      const failure = yield* toTheEnd(Effect.flip(Effect.retry(call, schedule).pipe(Effect.withRandom(Random.fixed([1])))))
      expect(failure).toEqual({ retryable: false })
      expect(at).toHaveLength(3)
      expect(steps).toEqual([
        { failure: { retryable: true }, retry: 1, delay: Duration.millis(100) },
        { failure: { retryable: true }, retry: 2, delay: Duration.millis(200) }
      ])
    }))
})

describe("backoffDelay", () => {
  it("lies between half and all of the capped exponential delay (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer(),
        (retry, base, max, seed) => {
          const policy: RetryPolicy = { retries: 30, baseDelay: Duration.millis(base), maxDelay: Duration.millis(max) }
          const delay = Effect.runSync(backoffDelay(policy, retry).pipe(Effect.withRandom(Random.make(seed))))
          const cap = Math.min(base * 2 ** (retry - 1), max)
          expect(Duration.toMillis(delay)).toBeGreaterThanOrEqual(Math.floor(cap / 2))
          expect(Duration.toMillis(delay)).toBeLessThanOrEqual(cap)
        }
      ),
      { numRuns: 300 }
    )
  })
})
