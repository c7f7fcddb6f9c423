import { Clock, Context, Effect, Layer } from "effect"

/**
 * How long the invocation running a load has left (issue 17): a Lambda invocation lasts
 * at most 15 minutes, so a load of a file too large for one stops at a point it can
 * resume from and continues in a new invocation. Unlimited outside Lambda unless told.
 */
export class LoadDeadline extends Context.Tag("vf/LoadDeadline")<LoadDeadline, { readonly remainingMillis: Effect.Effect<number> }>() {
  /** No limit (tests, and local runs without --invocation-seconds). */
  static readonly unlimited = Layer.succeed(LoadDeadline, { remainingMillis: Effect.succeed(Number.POSITIVE_INFINITY) })

  /** A Lambda invocation's: its context's getRemainingTimeInMillis. */
  static readonly ofLambda = (context: { readonly getRemainingTimeInMillis: () => number }) =>
    Layer.succeed(LoadDeadline, { remainingMillis: Effect.sync(() => context.getRemainingTimeInMillis()) })

  /** An invocation of `millis` from when the layer is built (the runner's --invocation-seconds; tests under the TestClock). */
  static readonly lasting = (millis: number) =>
    Layer.effect(
      LoadDeadline,
      Effect.map(Clock.currentTimeMillis, (start) => ({ remainingMillis: Effect.map(Clock.currentTimeMillis, (now) => start + millis - now) }))
    )
}

/** Whether less than `reserveMillis` is left: time to stop at the next point a load can resume from. Never, without a deadline. */
export const nearDeadline = (reserveMillis: number): Effect.Effect<boolean> =>
  Effect.flatMap(Effect.serviceOption(LoadDeadline), (deadline) =>
    deadline._tag === "None" ? Effect.succeed(false) : Effect.map(deadline.value.remainingMillis, (left) => left < reserveMillis)
  )
