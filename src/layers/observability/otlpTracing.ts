import { FetchHttpClient } from "@effect/platform"
import { Config, Effect, Layer, Option } from "effect"
import { settingNames } from "../../services/settingNames.js"

/** What spans are exported with: OTEL_EXPORTER_OTLP_ENDPOINT (none: no export) and the service they are named by. */
export interface OtlpSettings {
  readonly endpoint: string
  readonly serviceName: string
}

/**
 * The export's settings, when OTEL_EXPORTER_OTLP_ENDPOINT is set: the service is OTEL_SERVICE_NAME,
 * else the function's name, else `vf-scoring-workers`.
 */
export const otlpSettings: Effect.Effect<Option.Option<OtlpSettings>> = Config.all({
  endpoint: Config.option(Config.nonEmptyString(settingNames.otlpEndpoint)),
  serviceName: Config.nonEmptyString(settingNames.otelServiceName).pipe(
    Config.orElse(() => Config.nonEmptyString(settingNames.lambdaFunctionName)),
    Config.withDefault("vf-scoring-workers")
  )
}).pipe(
  Effect.map(({ endpoint, serviceName }) => Option.map(endpoint, (url) => ({ endpoint: url.replace(/\/+$/, ""), serviceName }))),
  Effect.orElseSucceed(() => Option.none())
)

/**
 * How long the end of an invocation may wait for its spans to be exported. The collector is
 * meant to be local (the ADOT Lambda extension at localhost:4318, which sends on after the
 * reply): milliseconds. One that does not answer costs this, never more.
 */
export const flushMillis = 300

/**
 * The tracer of one invocation, exporting over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`:
 * spans go out together when the invocation ends (the layer's scope closes: its export,
 * bounded by flushMillis), or every 10 s in a long one. @effect/opentelemetry's OtlpTracer
 * is loaded only when an endpoint is set: an invocation without one pays nothing.
 */
export const otlpInvocationTracer = (settings: OtlpSettings): Layer.Layer<never> =>
  Layer.unwrapEffect(
    Effect.promise(async () => {
      const [{ layer }, { layerJson }] = await Promise.all([import("@effect/opentelemetry/OtlpTracer"), import("@effect/opentelemetry/OtlpSerialization")])
      return layer({
        url: `${settings.endpoint}/v1/traces`,
        resource: { serviceName: settings.serviceName },
        exportInterval: "10 seconds",
        shutdownTimeout: flushMillis
      }).pipe(Layer.provide([FetchHttpClient.layer, layerJson]))
    })
  )

/** The program traced to the OTLP endpoint, when one is set (read once: the settings of a container do not change). */
export const withOtlpTracing = (settings: Option.Option<OtlpSettings>) => <A, E, R>(program: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Option.match(settings, { onNone: () => program, onSome: (otlp) => Effect.provide(program, otlpInvocationTracer(otlp)) })
