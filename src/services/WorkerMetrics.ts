import { Context, type Effect } from "effect"

/** Flat numeric counts of a worker's result, e.g. { in: 10, out: 8, "dynamo.out": 8 }. */
export type MetricCounts = Readonly<Record<string, number>>

/** Where workers publish the counts of each result. */
export class WorkerMetrics extends Context.Tag("vf/WorkerMetrics")<
  WorkerMetrics,
  { readonly publish: (worker: string, counts: MetricCounts) => Effect.Effect<void> }
>() {}

/** Numbers of a result, nested objects flattened with dots; strings and arrays left out. */
export const countsOf = (result: object, prefix = ""): MetricCounts =>
  Object.entries(result).reduce<Record<string, number>>((counts, [name, value]) => {
    if (typeof value === "number") counts[`${prefix}${name}`] = value
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(counts, countsOf(value, `${prefix}${name}.`))
    }
    return counts
  }, {})
