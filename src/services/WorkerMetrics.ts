import { Context, Effect, Option } from "effect"

/** Flat numeric counts of a worker's result, e.g. { in: 10, out: 8, "dynamo.out": 8 }. */
export type MetricCounts = Readonly<Record<string, number>>

/** Text that goes with a metric document without being a dimension (a campaign id: searchable in the logs, no metric of its own). */
export type MetricProperties = Readonly<Record<string, string>>

/** Where workers publish the counts of each result. */
export class WorkerMetrics extends Context.Tag("vf/WorkerMetrics")<
  WorkerMetrics,
  { readonly publish: (worker: string, counts: MetricCounts, properties?: MetricProperties) => Effect.Effect<void> }
>() {}

/**
 * Publishes where a WorkerMetrics is provided (every Lambda handler provides one), and does
 * nothing elsewhere: for measurements taken deep in a worker (a post's delay), whose callers
 * need not all provide one.
 */
export const publishWhereMeasured = (worker: string, counts: MetricCounts, properties?: MetricProperties): Effect.Effect<void> =>
  Effect.flatMap(
    Effect.serviceOption(WorkerMetrics),
    Option.match({ onNone: () => Effect.void, onSome: (metrics) => metrics.publish(worker, counts, properties) })
  )

/** Numbers of a result, nested objects flattened with dots; strings and arrays left out. */
export const countsOf = (result: object, prefix = ""): MetricCounts =>
  Object.entries(result).reduce<Record<string, number>>((counts, [name, value]) => {
    if (typeof value === "number") counts[`${prefix}${name}`] = value
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(counts, countsOf(value, `${prefix}${name}.`))
    }
    return counts
  }, {})
