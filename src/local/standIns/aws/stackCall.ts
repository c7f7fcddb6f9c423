import { Duration, Effect, Option, Schema, type Scope } from "effect"
import { cappedBackoff } from "../../../services/RetryPolicy.js"
import { awsErrorFacts, describeAwsError } from "../../../layers/aws/awsError.js"
import { isTransientAwsError } from "../../../layers/aws/transientRetry.js"

/** A resource of the stack that could not be created, found, read or written, or did not become ready: one line naming it. */
export class StackError extends Schema.TaggedError<StackError>()("StackError", {
  /** `table demand-table`, `stream scores-stream`, `queue verdict-reporter-queue`, `bucket vf-scoring`. */
  resource: Schema.String,
  reason: Schema.String,
  /** The service's error code, when a call was answered with an error. */
  code: Schema.optionalWith(Schema.String, { exact: true }),
  /** The call may pass on a later try: throttling, 5xx, a reset or a timeout (not a refused connection: nothing listens there). */
  transient: Schema.optionalWith(Schema.Boolean, { exact: true })
}) {
  override get message() {
    return `${this.resource}: ${this.reason}`
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

/** A connection refused (also as one of an AggregateError's attempts, or as the cause): no server at the endpoint, not a fault that passes. */
const isRefused = (error: unknown): boolean =>
  isRecord(error) &&
  (error["code"] === "ECONNREFUSED" || (Array.isArray(error["errors"]) && error["errors"].some(isRefused)) || isRefused(error["cause"]))

/**
 * Throttling answers of the table and stream APIs (HTTP 400) that the shared classifier
 * does not name: DynamoDB's and Kinesis' ProvisionedThroughputExceededException, and
 * LimitExceededException (Kinesis' control plane, DynamoDB Streams). Both pass on a later try.
 */
const streamThrottles: ReadonlySet<string> = new Set(["ProvisionedThroughputExceededException", "LimitExceededException"])

const isTransient = (error: unknown) => (isTransientAwsError(error) || streamThrottles.has(awsErrorFacts(error).name)) && !isRefused(error)

/** One SDK call made for `resource`; a failure names the resource, the operation and the service's answer. */
export const stackCall = <A>(
  resource: string,
  operation: string,
  send: (signal: AbortSignal) => Promise<A>
): Effect.Effect<A, StackError> =>
  Effect.tryPromise({
    try: send,
    catch: (error) =>
      new StackError({
        resource,
        reason: `${operation} failed: ${describeAwsError(error)}`,
        code: awsErrorFacts(error).name,
        transient: isTransient(error)
      })
  })

/** The runner's own calls are retried as its polls are: jittered backoff (100 ms doubling, at most 3 s apart), 25 times (about a minute). */
const runnerCallRetry = cappedBackoff(25)

/**
 * A call of the runner's own (a lookup at start, a shard's iterator, a listing) retried
 * while it fails transiently, as Lambda's pollers retry theirs (SPEC §8: such errors never
 * end a run); any other failure (a missing resource, a refused position) at once.
 */
export const retriedWhileTransient = <A>(call: Effect.Effect<A, StackError>): Effect.Effect<A, StackError> =>
  Effect.retry(call, { schedule: runnerCallRetry, while: (error) => error.transient === true })

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
