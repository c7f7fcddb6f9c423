import { FetchHttpClient, HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { Clock, Context, Duration, Effect, FiberRef, HashMap, Option, Predicate, Schedule, Schema } from "effect"
import { beforeEachRetry, type RetryPolicy, retryAfterSchedule } from "../../services/RetryPolicy.js"
import { MissingSetting, ServiceCallError } from "../../services/errors.js"
import { required, requiredSecret, ServiceToken } from "../../services/Settings.js"

/** How service calls are timed out and retried: a bounded exponential backoff with jitter. */
export interface ServiceCallPolicy extends RetryPolicy {
  /** The longest one attempt (request and whole reply) may take. */
  readonly attemptTimeout: Duration.DurationInput
  /** The longest `Retry-After` (429, 503) that is waited for. */
  readonly maxRetryAfter: Duration.DurationInput
}

export const defaultServiceCallPolicy: ServiceCallPolicy = {
  retries: 5,
  baseDelay: "200 millis",
  maxDelay: "10 seconds",
  attemptTimeout: "10 seconds",
  maxRetryAfter: "60 seconds"
}

/** The policy the service clients use, read when their layer is built; tests provide a fast one. */
export class CurrentServiceCallPolicy extends Context.Reference<CurrentServiceCallPolicy>()("vf/ServiceCallPolicy", {
  defaultValue: (): ServiceCallPolicy => defaultServiceCallPolicy
}) {}

/**
 * The HttpClient the services run on: Node's own fetch. (The undici client of
 * @effect/platform-node would bundle a second copy of undici, half a megabyte, into every
 * Lambda bundle that calls a service.)
 */
export const ServiceHttpClientLive = FetchHttpClient.layer

/** A JSON service behind a base URL, called with the bearer token and a correlation id. */
export interface ServiceClient {
  readonly get: <A, I>(path: string, reply: Schema.Schema<A, I>) => Effect.Effect<A, ServiceCallError>
  readonly post: <A, I>(path: string, body: unknown, reply: Schema.Schema<A, I>) => Effect.Effect<A, ServiceCallError>
}

/** One attempt that did not give the expected answer. */
interface AttemptFailure {
  readonly status?: number
  readonly reason: string
  readonly retryable: boolean
  readonly retryAfter?: Duration.Duration
}

const bodyStart = (body: string) => {
  const text = body.replace(/\s+/g, " ").trim()
  if (text === "") return "empty reply"
  return text.length > 200 ? `reply: ${text.slice(0, 200)}…` : `reply: ${text}`
}

/** `Retry-After` as seconds or as an HTTP date; none when absent or unreadable. */
export const retryAfterOf = (header: string | undefined, now: number): Option.Option<Duration.Duration> => {
  const value = header?.trim() ?? ""
  if (/^\d+$/.test(value)) return Option.some(Duration.seconds(Number(value)))
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - now)))
}

/** A reply other than 2xx: 5xx and 429 may be retried, after `Retry-After` (capped) on 429 and 503. */
const statusFailure = (response: HttpClientResponse.HttpClientResponse, body: string, policy: ServiceCallPolicy) =>
  Effect.map(Clock.currentTimeMillis, (now): AttemptFailure => {
    const status = response.status
    const failure = { status, reason: bodyStart(body), retryable: status >= 500 || status === 429 }
    if (status !== 429 && status !== 503) return failure
    return Option.match(retryAfterOf(response.headers["retry-after"], now), {
      onNone: () => failure,
      onSome: (wait) => ({ ...failure, retryAfter: Duration.min(wait, Duration.decode(policy.maxRetryAfter)) })
    })
  })

const decodeReply = <A, I>(status: number, body: string, reply: Schema.Schema<A, I>) => {
  const unexpected = (reason: string): AttemptFailure => ({ status, reason, retryable: false })
  return Effect.try({
    try: () => JSON.parse(body) as unknown,
    catch: () => unexpected(`reply is not JSON: ${bodyStart(body)}`)
  }).pipe(
    Effect.flatMap((json) =>
      Effect.mapError(Schema.decodeUnknown(reply)(json), (error) => unexpected(`unexpected reply: ${error.message.slice(0, 300)}`))
    )
  )
}

/** One request and its whole reply, within the attempt timeout. */
const attempt = <A, I>(
  http: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  reply: Schema.Schema<A, I>,
  policy: ServiceCallPolicy
): Effect.Effect<A, AttemptFailure> =>
  http.execute(request).pipe(
    Effect.flatMap((response) =>
      Effect.flatMap(response.text, (body) =>
        response.status >= 200 && response.status < 300
          ? decodeReply(response.status, body, reply)
          : Effect.flatMap(statusFailure(response, body, policy), Effect.fail)
      )
    ),
    Effect.catchTags({
      RequestError: (error) => Effect.fail<AttemptFailure>({ reason: error.message, retryable: true }),
      ResponseError: (error) => Effect.fail<AttemptFailure>({ status: error.response.status, reason: error.message, retryable: true })
    }),
    Effect.timeoutFail({
      duration: policy.attemptTimeout,
      onTimeout: (): AttemptFailure => ({
        reason: `no complete reply within ${Duration.format(policy.attemptTimeout)}`,
        retryable: true
      })
    })
  )

/** Retries retryable failures within the policy, waiting `Retry-After` when the service gave one. */
const withRetries = <A>(
  run: Effect.Effect<A, AttemptFailure>,
  policy: ServiceCallPolicy,
  fail: (failure: AttemptFailure) => ServiceCallError
): Effect.Effect<A, ServiceCallError> =>
  run.pipe(
    Effect.retry(
      beforeEachRetry(
        retryAfterSchedule(policy, (failure: AttemptFailure) => failure.retryAfter).pipe(
          Schedule.whileInput((failure: AttemptFailure) => failure.retryable)
        ),
        ({ failure, retry, delay }) =>
          Effect.logWarning(`${fail(failure).message}; retry ${retry} of ${policy.retries} in ${Duration.format(delay)}`)
      )
    ),
    Effect.mapError(fail)
  )

/** The log annotation `correlationId` of the calling fiber, else a new one for this call. */
const correlationIdOfCall = Effect.map(FiberRef.get(FiberRef.currentLogAnnotations), (annotations) =>
  HashMap.get(annotations, "correlationId").pipe(
    Option.filter(Predicate.isString),
    Option.filter((id) => id !== ""),
    Option.getOrElse(() => crypto.randomUUID())
  )
)

const baseUrlOf = (variable: string) =>
  Effect.flatMap(required(variable), (url) =>
    URL.canParse(url)
      ? Effect.succeed(url.replace(/\/+$/, ""))
      : Effect.fail(new MissingSetting({ variable, reason: `not a URL: ${url}` }))
  )

/** The client of one service: base URL from `urlVariable`, bearer token from SERVICE_TOKEN. */
export const makeServiceClient = (service: string, urlVariable: string) =>
  Effect.gen(function* () {
    const baseUrl = yield* baseUrlOf(urlVariable)
    const token = yield* requiredSecret(ServiceToken)
    const policy = yield* CurrentServiceCallPolicy
    const http = yield* HttpClient.HttpClient
    const call = <A, I>(request: HttpClientRequest.HttpClientRequest, path: string, reply: Schema.Schema<A, I>) =>
      Effect.flatMap(correlationIdOfCall, (correlationId) => {
        const sent = request.pipe(
          HttpClientRequest.prependUrl(baseUrl),
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.acceptJson,
          HttpClientRequest.setHeader("x-correlation-id", correlationId)
        )
        const fail = ({ status, reason, retryable }: AttemptFailure) =>
          new ServiceCallError({ service, request: `${request.method} ${path}`, reason, retryable, ...(status === undefined ? {} : { status }) })
        return withRetries(attempt(http, sent, reply, policy), policy, fail).pipe(Effect.annotateLogs({ correlationId }))
      })
    return {
      get: (path, reply) => call(HttpClientRequest.get(path), path, reply),
      post: (path, body, reply) =>
        Effect.flatMap(
          Effect.orElseFail(HttpClientRequest.bodyJson(HttpClientRequest.post(path), body), () =>
            new ServiceCallError({ service, request: `POST ${path}`, reason: "body is not JSON", retryable: false })
          ),
          (request) => call(request, path, reply)
        )
    } satisfies ServiceClient
  })
