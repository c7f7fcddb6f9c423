import { Clock, Effect, Layer } from "effect"
import { type MetricCounts, type MetricProperties, WorkerMetrics } from "../../services/WorkerMetrics.js"

export { countsOf, type MetricCounts, type MetricProperties, publishWhereMeasured, WorkerMetrics } from "../../services/WorkerMetrics.js"

export const metricsNamespace = "VerifiedFan/Workers"

/** Metrics that are not counts: InvalidShare is a share of rows, 0 to 1 (SPEC §12); a name ending in Seconds is a delay. */
const unitOf = (name: string) => (name === "InvalidShare" ? "None" : name.endsWith("Seconds") ? "Seconds" : "Count")

/** The counts as one CloudWatch Embedded Metric Format document (dimension `worker`), with properties that are not dimensions. */
export const embeddedMetricDocument = (worker: string, counts: MetricCounts, timestamp: number, properties: MetricProperties = {}) => ({
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
  ...properties,
  worker,
  ...counts
})

/** EMF documents on stdout, where the Lambda runtime hands them to CloudWatch. */
export const EmbeddedMetricsLive = Layer.succeed(WorkerMetrics, {
  publish: (worker, counts, properties) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.sync(() => process.stdout.write(`${JSON.stringify(embeddedMetricDocument(worker, counts, now, properties))}\n`))
    )
})

/** Metrics dropped: for local runs and tests that do not look at them. */
export const MetricsIgnored = Layer.succeed(WorkerMetrics, { publish: () => Effect.void })
