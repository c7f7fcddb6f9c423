import { Cause, Effect, Exit, Layer, ManagedRuntime, type Option, Tracer } from "effect"
import { JsonLogging } from "../layers/observability/JsonLogger.js"
import { type OtlpSettings, otlpSettings, withOtlpTracing } from "../layers/observability/otlpTracing.js"
import { EmbeddedMetricsLive, type WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import { LoadDeadline } from "../services/LoadDeadline.js"
import { type InvocationIds, invocationIdsOf, traceHeaderVariable, xrayParentOf } from "./invocationIds.js"
import { preferYoungGeneration } from "./v8Tuning.js"

export interface LambdaHandlerOptions {
  /**
   * The `name` of the Error thrown for a failure: Lambda reports it as `errorType` (an
   * AppSync direct resolver shows it as the GraphQL error's `errorType`). Without it, or
   * when it gives none, the thrown Error is a plain `Error`.
   */
  readonly errorName?: (failure: unknown) => string | undefined
}

/** What the handler uses of Lambda's context object: the invocation's remaining time and request id. */
export interface LambdaContext {
  readonly getRemainingTimeInMillis: () => number
  readonly awsRequestId?: string
}

/**
 * The invocation's program with its ids on every log line it writes (its forks' too) and
 * inside one span, `lambda.invocation`, the parent of the ports' spans, itself a child of
 * X-Ray's segment when Lambda's trace header names one.
 */
const asInvocation = <A, E, R>(program: Effect.Effect<A, E, R>, ids: InvocationIds) => {
  const inSpan = program.pipe(Effect.withSpan("lambda.invocation", { kind: "server", attributes: invocationAttributes(ids) }), Effect.annotateLogs({ ...ids }))
  const xray = xrayParentOf(process.env[traceHeaderVariable])
  return xray === undefined ? inSpan : Effect.withParentSpan(inSpan, Tracer.externalSpan(xray))
}

/** The invocation's ids as span attributes, named as OpenTelemetry's FaaS and AWS conventions name them. */
const invocationAttributes = (ids: InvocationIds): Record<string, string> => ({
  ...(ids.requestId === undefined ? {} : { "faas.invocation_id": ids.requestId }),
  ...(ids.traceId === undefined ? {} : { "aws.xray.trace_id": ids.traceId })
})

const withDeadlineOf = <A, E, R>(program: Effect.Effect<A, E, R>, context: LambdaContext | undefined) =>
  typeof context?.getRemainingTimeInMillis === "function" ? Effect.provide(program, LoadDeadline.ofLambda(context)) : program

/**
 * A Lambda handler over an Effect program: services are built once per container, the
 * invocation's remaining time is its LoadDeadline (a load nearing it goes on in another),
 * logs are JSON lines carrying the invocation's request id and X-Ray trace id, its work
 * runs in a span, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (at the end of
 * each invocation, bounded: otlpTracing.ts), metrics EMF. A failure (a missing
 * setting included) is logged as one line, with the ids too, and rethrown so that Lambda
 * counts and retries it.
 */
export const makeLambdaHandler = <A, E, R, LE>(
  services: Layer.Layer<R, LE>,
  program: (event: unknown) => Effect.Effect<A, E, R | WorkerMetrics>,
  options: LambdaHandlerOptions = {}
) => {
  preferYoungGeneration()
  const runtime = ManagedRuntime.make(Layer.mergeAll(services, EmbeddedMetricsLive).pipe(Layer.provideMerge(JsonLogging())))
  let tracing: Option.Option<OtlpSettings> | undefined
  return async (event: unknown, context?: LambdaContext): Promise<A> => {
    const ids = invocationIdsOf(context)
    // Read apart from the services: a setting they miss is reported below, as one line.
    tracing ??= await Effect.runPromise(otlpSettings)
    const exit = await runtime.runPromiseExit(withOtlpTracing(tracing)(asInvocation(withDeadlineOf(program(event), context), ids)))
    if (Exit.isSuccess(exit)) return exit.value
    const error = Cause.squash(exit.cause)
    const message = error instanceof Error ? error.message : String(error)
    const errorType = options.errorName?.(error)
    const line = { level: "ERROR", message, ...(errorType === undefined ? {} : { errorType }), ...ids, time: new Date().toISOString() }
    process.stdout.write(`${JSON.stringify(line)}\n`)
    const thrown = new Error(message)
    if (errorType !== undefined) thrown.name = errorType
    throw thrown
  }
}
