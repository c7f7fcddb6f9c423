import { Duration, Effect } from "effect"
import type { Activity } from "./activity.js"

/** What the quiet watch asks besides the loops. */
export interface QuietChecks<E> {
  /** How long the flow must stay idle, once more, before it counts as quiet (stream records of other stores may lag). */
  readonly quietMillis: number
  /** Whether a load still runs (its records are still to come). */
  readonly loading: Effect.Effect<boolean>
  /** Whether the queue holds any message, delayed and in flight included (waiting a little when it does). */
  readonly queueHolds: Effect.Effect<boolean, E>
}

/** How often the watch looks at the loops while they work (a look reads memory only). */
const lookMillis = 10

/**
 * Waits until the flow is quiet, then stops the loops: the loads done, every loop idle at
 * the same generation (each polled and found nothing since the last work anywhere), the
 * queue empty; then, `quietMillis` later, every loop polled once more and found nothing,
 * with the queue still empty. Gives the generation it saw quiet at.
 */
export const untilQuiet = <E>(activity: Activity, checks: QuietChecks<E>) =>
  Effect.gen(function* () {
    for (;;) {
      if ((yield* checks.loading) || !activity.idle()) {
        yield* activity.pause(lookMillis, true)
        continue
      }
      const at = activity.generation
      if (yield* checks.queueHolds) continue
      if (checks.quietMillis > 0) yield* Effect.sleep(Duration.millis(checks.quietMillis))
      const polls = activity.loops.map((loop) => loop.emptyPolls)
      activity.wake()
      while (activity.generation === at && activity.loops.some((loop, i) => loop.emptyPolls === polls[i])) yield* Effect.sleep(Duration.millis(1))
      if (activity.generation !== at || !activity.idle() || (yield* checks.loading) || (yield* checks.queueHolds)) continue
      activity.stopping = true
      activity.wake()
      return at
    }
  })
