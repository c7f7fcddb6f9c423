import { Duration, Effect, Option, Schema, type Scope } from "effect"
import { awsErrorFacts, describeAwsError } from "../../aws/awsError.js"

/** A resource of the stack that could not be created, found, read or written, or did not become ready: one line naming it. */
export class StackError extends Schema.TaggedError<StackError>()("StackError", {
  /** `table demand-table`, `stream scores-stream`, `queue verdict-reporter-queue`, `bucket vf-scoring`. */
  resource: Schema.String,
  reason: Schema.String,
  /** The service's error code, when a call was answered with an error. */
  code: Schema.optionalWith(Schema.String, { exact: true })
}) {
  override get message() {
    return `${this.resource}: ${this.reason}`
  }
}

/** One SDK call made for `resource`; a failure names the resource, the operation and the service's answer. */
export const stackCall = <A>(
  resource: string,
  operation: string,
  send: (signal: AbortSignal) => Promise<A>
): Effect.Effect<A, StackError> =>
  Effect.tryPromise({
    try: send,
    catch: (error) =>
      new StackError({ resource, reason: `${operation} failed: ${describeAwsError(error)}`, code: awsErrorFacts(error).name })
  })

/** A create call whose answer `codes` (the resource exists already) counts as done. */
export const unlessThere =
  (...codes: ReadonlyArray<string>) =>
  <A>(create: Effect.Effect<A, StackError>): Effect.Effect<void, StackError> =>
    create.pipe(
      Effect.asVoid,
      Effect.catchIf((error) => error.code !== undefined && codes.includes(error.code), () => Effect.void)
    )

/** Asks `check` every 100 ms until it gives a value; fails naming the `state` awaited after `seconds`. */
export const pollUntil = <A>(
  resource: string,
  state: string,
  check: Effect.Effect<Option.Option<A>, StackError>,
  seconds = 30
): Effect.Effect<A, StackError> => {
  const late = () => new StackError({ resource, reason: `did not become ${state} within ${seconds} s` })
  const poll = Effect.gen(function* () {
    for (;;) {
      const found = yield* check
      if (Option.isSome(found)) return found.value
      yield* Effect.sleep("100 millis")
    }
  })
  return Effect.timeoutFail(poll, { duration: Duration.seconds(seconds), onTimeout: late })
}

/** An SDK client for the lifetime of the scope. */
export const scopedClient = <C extends { destroy(): void }, E, R>(make: Effect.Effect<C, E, R>): Effect.Effect<C, E, R | Scope.Scope> =>
  Effect.acquireRelease(make, (client) => Effect.sync(() => client.destroy()))
