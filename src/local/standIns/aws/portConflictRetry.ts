import { Effect, Schedule, type Scope } from "effect"
import { closedOnFailure } from "./closedOnFailure.js"
import type { StandInError } from "./StandIn.js"

/** How many times a stand-in is started, on fresh ports each time, before a taken port fails its start. */
export const portAttempts = 5

/** Up to `portAttempts` in all, some 100 ms apart (jittered, so racing starts drift apart). */
const betweenAttempts = Schedule.spaced("100 millis").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(portAttempts - 1)))

/**
 * Runs `attempt` (which chooses its ports afresh each time it runs) again when it failed
 * because something else took one of the ports it chose; `fixedPort`, the one the caller
 * asked for, is not retried on another. Each failed attempt's scope is closed (its
 * process stopped, its port released) before the next starts; any other failure ends
 * the start at once.
 */
export const retryOnPortConflict = <A, R>(
  attempt: Effect.Effect<A, StandInError, R>,
  fixedPort: number | undefined
): Effect.Effect<A, StandInError, Exclude<R, Scope.Scope> | Scope.Scope> =>
  Effect.retry(
    closedOnFailure(attempt),
    betweenAttempts.pipe(Schedule.whileInput((error: StandInError) => error.portInUse !== undefined && error.portInUse !== fixedPort))
  )
