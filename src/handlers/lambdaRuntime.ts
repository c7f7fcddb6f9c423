import { Cause, type Effect, Exit, Layer, ManagedRuntime } from "effect"
import { JsonLogging } from "../layers/observability/JsonLogger.js"
import { EmbeddedMetricsLive, type WorkerMetrics } from "../layers/observability/WorkerMetrics.js"

/**
 * A Lambda handler over an Effect program: services are built once per container,
 * logs are JSON lines, metrics EMF. A failure (a missing setting included) is logged
 * as one line and rethrown so that Lambda counts and retries it.
 */
export const makeLambdaHandler = <A, E, R, LE>(
  services: Layer.Layer<R, LE>,
  program: (event: unknown) => Effect.Effect<A, E, R | WorkerMetrics>
) => {
  const runtime = ManagedRuntime.make(Layer.mergeAll(services, EmbeddedMetricsLive).pipe(Layer.provideMerge(JsonLogging())))
  return async (event: unknown): Promise<A> => {
    const exit = await runtime.runPromiseExit(program(event))
    if (Exit.isSuccess(exit)) return exit.value
    const error = Cause.squash(exit.cause)
    const message = error instanceof Error ? error.message : String(error)
    process.stdout.write(`${JSON.stringify({ level: "ERROR", message, time: new Date().toISOString() })}\n`)
    throw new Error(message)
  }
}

