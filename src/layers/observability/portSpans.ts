import { Effect, Either, Option, Predicate, Stream } from "effect"

/** A port's name for its spans: its tag's key without the `vf/` namespace. */
export const portName = (tag: { readonly key: string }): string => tag.key.replace(/^vf\//, "")

const isStream = (value: unknown): value is Stream.Stream<unknown, unknown, unknown> => Predicate.hasProperty(value, Stream.StreamTypeId)

/** Option and Either are Effects too in Effect 3: a port answering one synchronously keeps it as it is. */
const isEffectCall = (value: unknown): value is Effect.Effect<unknown, unknown, unknown> =>
  Effect.isEffect(value) && !Option.isOption(value) && !Either.isEither(value)

/** `value` (what a port's operation gave) inside a span `<port>.<operation>`, when it is an Effect or a Stream. */
const inSpan = (value: unknown, port: string, operation: string): unknown => {
  const name = `${port}.${operation}`
  const options = { kind: "client" as const, attributes: { port, operation }, captureStackTrace: false }
  if (isStream(value)) return Stream.withSpan(value, name, options)
  if (isEffectCall(value)) return Effect.withSpan(value, name, options)
  return value
}

/**
 * The same adapter of a port, each of its operations (a method answering an Effect or a
 * Stream, or an Effect member) run inside a span named `<port>.<operation>`, with the port
 * and operation as attributes: what a tracer, when one is provided, records of the
 * worker's calls out (AWS, HTTP services, Slack). Without a tracer the spans cost a few
 * allocations per call and are recorded nowhere.
 */
export const withPortSpans = <S extends object>(port: string, adapter: S): S => {
  const traced: Record<string, unknown> = {}
  for (const [operation, member] of Object.entries(adapter)) {
    traced[operation] =
      typeof member === "function"
        ? (...args: Array<unknown>) => inSpan((member as (...args: Array<unknown>) => unknown).apply(adapter, args), port, operation)
        : inSpan(member, port, operation)
  }
  return traced as S
}
