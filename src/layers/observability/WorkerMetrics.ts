import { Clock, Effect, Layer } from "effect"
import { type MetricCounts, WorkerMetrics } from "../../services/WorkerMetrics.js"

export { countsOf, type MetricCounts, WorkerMetrics } from "../../services/WorkerMetrics.js"

export const metricsNamespace = "VerifiedFan/Workers"

/** Metrics that are not counts: InvalidShare is a share of rows, 0 to 1 (SPEC §12). */
const unitOf = (name: string) => (name === "InvalidShare" ? "None" : "Count")

/** The counts as one CloudWatch Embedded Metric Format document (dimension `worker`). */
export const embeddedMetricDocument = (worker: string, counts: MetricCounts, timestamp: number) => ({
  _aws: {
    Timestamp: timestamp,
    CloudWatchMetrics: [
      {
        Namespace: metricsNamespace,
        Dimensions: [["worker"]],
        Metrics: Object.keys(counts).map((name) => ({ Name: name, Unit: unitOf(name) }))
      }
    ]
  },
  worker,
  ...counts
})

/** EMF documents on stdout, where the Lambda runtime hands them to CloudWatch. */
export const EmbeddedMetricsLive = Layer.succeed(WorkerMetrics, {
  publish: (worker, counts) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.sync(() => process.stdout.write(`${JSON.stringify(embeddedMetricDocument(worker, counts, now))}\n`))
    )
})

/** Metrics dropped: for local runs and tests that do not look at them. */
export const MetricsIgnored = Layer.succeed(WorkerMetrics, { publish: () => Effect.void })
