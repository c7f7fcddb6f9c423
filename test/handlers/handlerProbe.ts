import { Effect, Layer } from "effect"
import { JsonLogging } from "../../src/layers/observability/JsonLogger.js"
import { type MetricCounts, WorkerMetrics } from "../../src/layers/observability/WorkerMetrics.js"

/** A log line of the handlers as JSON. */
export type LogLine = { readonly level: string; readonly message: string } & Readonly<Record<string, unknown>>

/** The handlers' JSON log lines and published metrics, kept for a test to read. */
export const handlerProbe = () => {
  const lines: Array<LogLine> = []
  const published: Array<[string, MetricCounts]> = []
  const metrics = Layer.succeed(WorkerMetrics, { publish: (worker, counts) => Effect.sync(() => void published.push([worker, counts])) })
  const logs = JsonLogging((line) => void lines.push(JSON.parse(line) as LogLine))
  return {
    lines,
    published,
    layer: Layer.merge(metrics, logs),
    /** Where each unreadable record came from, as its warning says, in order. */
    unreadable: () => lines.filter((line) => line.message.includes("record unreadable")).map((line) => line["record"] as Record<string, unknown>)
  }
}
