import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Random, TestClock } from "effect"
import { tableCall } from "../../../src/layers/aws/dynamoCalls.js"
import type { RetryPolicy } from "../../../src/services/RetryPolicy.js"
import { expectRetriesAfter, logsInto, toTheEnd } from "../../support/retryClock.js"

/** An error as the SDK throws it. */
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`slow down`), { name, $metadata: { httpStatusCode: status } })

const throttled = awsError("ThrottlingException", 400)
const invalid = awsError("ValidationException", 400)

const policy: RetryPolicy = { retries: 4, baseDelay: "100 millis", maxDelay: "300 millis" }

/**
 * A table call of `PutItem` whose attempt n throws `errors[n]` (the last one repeating;
 * `undefined` answers "ok"), with the TestClock time of each attempt in `at`.
 */
const scriptedCall = (errors: ReadonlyArray<Error | undefined>, shared?: Effect.Semaphore) =>
  Effect.gen(function* () {
    const clock = yield* Effect.clock
    const semaphore = shared ?? (yield* Effect.makeSemaphore(4))
    const at: Array<number> = []
    const send = () => {
      at.push(clock.unsafeCurrentTimeMillis())
      const error = errors[Math.min(at.length, errors.length) - 1]
      return error ? Promise.reject(error) : Promise.resolve("ok")
    }
    return { at, call: tableCall({ semaphore, retry: policy }, "PutItem", send) }
  })

describe("tableCall", () => {
  it.effect("tries retries + 1 times while throttled, then fails with the last error", () =>
    Effect.gen(function* () {
      const { at, call } = yield* scriptedCall([throttled])
      const failure = yield* toTheEnd(Effect.flip(call))
      expect(failure).toMatchObject({ _tag: "DynamoCallFailed", operation: "PutItem", error: throttled })
      expect(at).toHaveLength(policy.retries + 1)
    }))

  it.effect("succeeds on the attempt after the throttling passes", () =>
    Effect.gen(function* () {
      const { at, call } = yield* scriptedCall([throttled, awsError("InternalServerError", 500), undefined])
      expect(yield* toTheEnd(call)).toBe("ok")
      expect(at).toHaveLength(3)
    }))

  it.effect("does not retry an error a retry would not mend", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const { at, call } = yield* scriptedCall([invalid, undefined])
      const failure = yield* toTheEnd(Effect.flip(call)).pipe(logsInto(lines))
      expect(failure.error).toBe(invalid)
      expect(at).toHaveLength(1)
      expect(lines).toEqual([])
    }))

  it.effect("waits 100, 200, 300, 300 ms (doubling, capped; jitter at 1×), a debug line before each retry", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const { at, call } = yield* scriptedCall([throttled])
      const fiber = yield* Effect.fork(Effect.flip(call).pipe(Effect.withRandom(Random.fixed([1])), logsInto(lines)))
      yield* expectRetriesAfter(at, [100, 200, 300, 300])
      expect((yield* Fiber.join(fiber)).error).toBe(throttled)
      expect(lines).toEqual(Array(policy.retries).fill("DEBUG PutItem: retrying after ThrottlingException (HTTP 400): slow down"))
    }))

  it.effect("waits half of each delay with the jitter at ½×", () =>
    Effect.gen(function* () {
      const { at, call } = yield* scriptedCall([throttled])
      const fiber = yield* Effect.fork(Effect.flip(call).pipe(Effect.withRandom(Random.fixed([0]))))
      yield* expectRetriesAfter(at, [50, 100, 150, 150])
      yield* Fiber.join(fiber)
    }))

  it.effect("holds no permit while waiting to retry", () =>
    Effect.gen(function* () {
      const semaphore = yield* Effect.makeSemaphore(1)
      const { at, call: waiting } = yield* scriptedCall([throttled], semaphore)
      const fiber = yield* Effect.fork(waiting)
      yield* TestClock.adjust(0) // its first attempt made and failed; the retry waits 50 ms at least
      expect(at).toHaveLength(1)
      const { call: other } = yield* scriptedCall([undefined], semaphore)
      expect(yield* other).toBe("ok") // with no clock moved: the waiting call has given its permit back
      expect(at).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
    }))
})
