import { Clock, Context, Effect, Layer } from "effect"

/**
 * How long the invocation running a load has left (the deadline a continuation is planned against): a Lambda invocation lasts
 * at most 15 minutes, so a load of a file too large for one stops at a point it can
 * resume from and continues in a new invocation. Unlimited outside Lambda unless told.
 */
export class LoadDeadline extends Context.Tag("vf/LoadDeadline")<
  LoadDeadline,
  {
    readonly remainingMillis: Effect.Effect<number>
    /** What the invocation keeps for itself after a load stops: its checkpoint, and the call that continues it. */
    readonly reserveMillis: number
  }
>() {
  /** No limit (tests, and local runs without --invocation-seconds). */
  static readonly unlimited = Layer.succeed(LoadDeadline, { remainingMillis: Effect.succeed(Number.POSITIVE_INFINITY), reserveMillis: 0 })

  /** A Lambda invocation's: its context's getRemainingTimeInMillis, a minute kept. */
  static readonly ofLambda = (context: { readonly getRemainingTimeInMillis: () => number }) =>
    Layer.succeed(LoadDeadline, { remainingMillis: Effect.sync(() => context.getRemainingTimeInMillis()), reserveMillis: 60_000 })

  /** An invocation of `millis` from when the layer is built, nothing kept (the runner's --invocation-seconds; tests). */
  static readonly lasting = (millis: number) =>
    Layer.effect(
      LoadDeadline,
      Effect.map(Clock.currentTimeMillis, (start) => ({
        remainingMillis: Effect.map(Clock.currentTimeMillis, (now) => start + millis - now),
        reserveMillis: 0
      }))
    )
}

/** Whether the invocation is down to its reserve: time to stop at the next point a load can resume from. Never, without a deadline. */
export const nearDeadline: Effect.Effect<boolean> = Effect.flatMap(Effect.serviceOption(LoadDeadline), (deadline) =>
  deadline._tag === "None"
    ? Effect.succeed(false)
    : Effect.map(deadline.value.remainingMillis, (left) => left <= deadline.value.reserveMillis)
)
