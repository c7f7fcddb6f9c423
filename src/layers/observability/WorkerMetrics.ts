import { Clock, Context, Effect, Layer } from "effect"

/** Flat numeric counts of a worker's result, e.g. { in: 10, out: 8, "dynamo.out": 8 }. */
export type MetricCounts = Readonly<Record<string, number>>

/** Where workers publish the counts of each result. */
export class WorkerMetrics extends Context.Tag("vf/WorkerMetrics")<
  WorkerMetrics,
  { readonly publish: (worker: string, counts: MetricCounts) => Effect.Effect<void> }
>() {}

export const metricsNamespace = "VerifiedFan/Workers"

/** The counts as one CloudWatch Embedded Metric Format document (dimension `worker`). */
export const embeddedMetricDocument = (worker: string, counts: MetricCounts, timestamp: number) => ({
  _aws: {
    Timestamp: timestamp,
    CloudWatchMetrics: [
      {
        Namespace: metricsNamespace,
        Dimensions: [["worker"]],
        Metrics: Object.keys(counts).map((name) => ({ Name: name, Unit: "Count" }))
      }
    ]
  },
  worker,
  ...counts
})

/** Numbers of a result, nested objects flattened with dots; strings and arrays left out. */
export const countsOf = (result: object, prefix = ""): MetricCounts =>
  Object.entries(result).reduce<Record<string, number>>((counts, [name, value]) => {
    if (typeof value === "number") counts[`${prefix}${name}`] = value
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(counts, countsOf(value, `${prefix}${name}.`))
    }
    return counts
  }, {})

/** EMF documents on stdout, where the Lambda runtime hands them to CloudWatch. */
export const EmbeddedMetricsLive = Layer.succeed(WorkerMetrics, {
  publish: (worker, counts) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.sync(() => process.stdout.write(`${JSON.stringify(embeddedMetricDocument(worker, counts, now))}\n`))
    )
})

/** Metrics dropped: for local runs and tests that do not look at them. */
export const MetricsIgnored = Layer.succeed(WorkerMetrics, { publish: () => Effect.void })
