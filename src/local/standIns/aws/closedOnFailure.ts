import { Effect, ExecutionStrategy, Exit, Scope } from "effect"

/**
 * Runs a scoped start in a scope of its own, forked from the caller's: closed (what was
 * started stopped, in parallel) at once when the start fails or is interrupted, else
 * when the caller's scope closes.
 */
export const closedOnFailure = <A, E, R>(start: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Scope.Scope> | Scope.Scope> =>
  Effect.gen(function* () {
    const scope = yield* Scope.fork(yield* Scope.Scope, ExecutionStrategy.parallel)
    return yield* start.pipe(
      Scope.extend(scope),
      Effect.onExit((exit) => (Exit.isFailure(exit) ? Scope.close(scope, exit) : Effect.void))
    )
  })
