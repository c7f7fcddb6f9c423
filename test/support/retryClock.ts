import { expect } from "@effect/vitest"
import { Clock, type Duration, Effect, Fiber, Logger, LogLevel, TestClock } from "effect"

/** The TestClock times (ms) of the attempts of a call: `stamp` records one. */
export const attemptLog = () => {
  const at: Array<number> = []
  const stamp = Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => void at.push(now)))
  return { at, stamp }
}

/** Runs `effect` to its end under the TestClock, no real sleep: forked, the clock moved far on, joined. */
export const toTheEnd = <A, E, R>(effect: Effect.Effect<A, E, R>, far: Duration.DurationInput = "1 day") =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(far)
    return yield* Fiber.join(fiber)
  })

/**
 * Moves the TestClock through `delays` (ms) behind an effect forked just before (its first
 * attempt in `at`), checking that retry n comes after delays[n-1] exactly: not 1 ms before,
 * then at once.
 */
export const expectRetriesAfter = (at: ReadonlyArray<number>, delays: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    for (const [i, delay] of delays.entries()) {
      yield* TestClock.adjust(delay - 1)
      expect(at.length, `retry ${i + 1} ${delay - 1} ms after attempt ${i + 1}`).toBe(i + 1)
      yield* TestClock.adjust(1)
      expect(at.length, `retry ${i + 1} ${delay} ms after attempt ${i + 1}`).toBe(i + 2)
    }
  })

/** Runs `effect` with its log lines (`LEVEL message`, debug included) kept in `lines`. */
export const logsInto =
  (lines: Array<string>) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.provide(
        Logger.replace(
          Logger.defaultLogger,
          Logger.make(({ logLevel, message }) => {
            lines.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
          })
        )
      ),
      Logger.withMinimumLogLevel(LogLevel.Debug)
    )
