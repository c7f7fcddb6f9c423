import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { Effect, Schedule } from "effect"
import { DemandTableError } from "../../services/errors.js"
import { beforeEachRetry, type RetryPolicy, retrySchedule } from "../../services/RetryPolicy.js"
import { awsErrorFacts, describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"

/**
 * A DynamoDB client for the lifetime of the scope. It makes one attempt per call: the
 * adapter's own retries (`tableCall`) are the only ones, so their bound and backoff hold
 * (the SDK's would multiply them, with its own throttling delays of about a second).
 */
export const dynamoClient = Effect.acquireRelease(
  Effect.map(awsServiceClientConfig("DYNAMODB"), (config) => new DynamoDBClient({ ...config, maxAttempts: 1 })),
  (client) => Effect.sync(() => client.destroy())
)

/** A DynamoDB call that was answered with an error (or got no answer): the SDK's error, as thrown. */
export class DynamoCallFailed {
  readonly _tag = "DynamoCallFailed"
  constructor(
    readonly operation: string,
    readonly error: unknown
  ) {}
}

/** Errors after which the same call may well succeed: throttling, service faults. */
const retryableCodes = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TransactionConflictException",
  // A transaction whose request token is still being processed (a retry came too early).
  "TransactionInProgressException"
])

/** Throttling, 5xx and network errors (no HTTP status) are retryable; other 4xx are not. */
export const isRetryableTableError = (error: unknown): boolean => {
  const { name, status, sdkRetryable } = awsErrorFacts(error)
  return retryableCodes.has(name) || sdkRetryable || status === undefined || status >= 500
}

/**
 * Work of a call done on this side (marshalling a request, reading an answer): a throw
 * fails that operation at once, never retried.
 */
export const locally = <A>(operation: string, work: () => A): Effect.Effect<A, DynamoCallFailed> =>
  Effect.try({ try: work, catch: (error) => new DynamoCallFailed(operation, error) })

export const isConditionFailure = (failure: DynamoCallFailed): boolean =>
  awsErrorFacts(failure.error).name === "ConditionalCheckFailedException"

/** The failure as the port reports it: the table, the operation and the service's answer. */
export const toTableError = (table: string) => (failure: DynamoCallFailed) =>
  new DemandTableError({ table, operation: failure.operation, reason: describeAwsError(failure.error) })

/** Up to 8 retries, 50 ms doubling to 3 s, jittered: at most about 9 s of waiting for one call. */
export const defaultTableRetry: RetryPolicy = { retries: 8, baseDelay: "50 millis", maxDelay: "3 seconds" }

/** How the calls of one table adapter run: a bound on calls in flight, and the retry policy. */
export interface CallLimits {
  readonly semaphore: Effect.Semaphore
  readonly retry: RetryPolicy
}

/**
 * One SDK call: holds a permit of the semaphore while in flight (not while waiting to
 * retry), and is retried with jittered backoff while it fails with a retryable error.
 */
export const tableCall = <A>(
  limits: CallLimits,
  operation: string,
  send: (signal: AbortSignal) => Promise<A>
): Effect.Effect<A, DynamoCallFailed> =>
  limits.semaphore.withPermits(1)(
    Effect.tryPromise({ try: send, catch: (error) => new DynamoCallFailed(operation, error) })
  ).pipe(
    Effect.retry(
      beforeEachRetry(
        retrySchedule(limits.retry).pipe(Schedule.whileInput((failure: DynamoCallFailed) => isRetryableTableError(failure.error))),
        ({ failure }) => Effect.logDebug(`${operation}: retrying after ${describeAwsError(failure.error)}`)
      )
    )
  )
