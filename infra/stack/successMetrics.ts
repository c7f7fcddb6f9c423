import { Duration } from "aws-cdk-lib"
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch"
import { metricsNamespace } from "../../src/layers/observability/WorkerMetrics.js"

/**
 * The success figures of SPEC §13 as CloudWatch metrics, in one place for the alarms
 * (successAlarms.ts) and the dashboard (dashboard.ts), so that the two never disagree. Each
 * is an EMF metric of namespace `VerifiedFan/Workers`, dimension `worker`.
 */

export const fiveMinutes = Duration.minutes(5)

/** The drift check runs once a day: its figures are read over a day. */
export const driftCheckPeriod = Duration.days(1)

/** Which workers publish which figure (their EMF dimension). */
export const successWorkers = {
  /** ValidRecords and RecordsWritten: the writers of the table. */
  tableWriters: ["loadScoresToDynamoDB", "saveFanlistScores"],
  /** StreamRecordsSent and StreamRecordsAccepted: the loaders that put to a stream. */
  streamWriters: ["loadScoresToStream", "saveFanlistScores"],
  reporter: "verdictReporter",
  driftCheck: "driftCheck"
} as const

/** The thresholds of the figures' alarms. */
export const successThresholds = {
  /** Below this, in percent: records lost between a valid row and the table. */
  processingSuccessPercent: 99,
  /** Below this, in percent: records a stream refused. */
  streamDeliveryPercent: 99,
  /** Above this, in seconds: a verdict report posted late. */
  notificationSeconds: 60,
  /** Above this: a campaign's counts differ from a recount. */
  countDrift: 0,
  /** Above this: a fan with more than one item in a campaign. */
  duplicateFanItems: 0
} as const

/** One EMF metric of a worker (no label: an alarm on a labelled metric is rendered as metric math in the template). */
export const workerMetric = (worker: string, metricName: string, statistic: "Sum" | "Maximum", period: Duration = fiveMinutes) =>
  new cloudwatch.Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { worker }, statistic, period })

/**
 * 100 × the sum of `part` over the sum of `whole`, both summed over `workers` (a worker that
 * published nothing counts 0), and 100 when nothing was done: no traffic is never a failure.
 */
const percentOf = (part: string, whole: string, workers: ReadonlyArray<string>, label: string, period: Duration) => {
  const sum = (metricName: string, prefix: string) => {
    const ids = workers.map((_, i) => `${prefix}${i}`)
    return new cloudwatch.MathExpression({
      expression: ids.map((id) => `FILL(${id}, 0)`).join(" + "),
      usingMetrics: Object.fromEntries(workers.map((worker, i) => [ids[i]!, workerMetric(worker, metricName, "Sum", period)])),
      period,
      label: `${metricName} (all)`
    })
  }
  return new cloudwatch.MathExpression({
    expression: "IF(whole > 0, 100 * part / whole, 100)",
    usingMetrics: { part: sum(part, "p"), whole: sum(whole, "w") },
    period,
    label
  })
}

/** Processing success (%): RecordsWritten ÷ ValidRecords of the table writers. */
export const processingSuccess = (period: Duration = fiveMinutes) =>
  percentOf("RecordsWritten", "ValidRecords", successWorkers.tableWriters, "processing success (%)", period)

/** Stream delivery (%): StreamRecordsAccepted ÷ StreamRecordsSent of the stream writers. */
export const streamDelivery = (period: Duration = fiveMinutes) =>
  percentOf("StreamRecordsAccepted", "StreamRecordsSent", successWorkers.streamWriters, "stream delivery (%)", period)

/** Seconds from a campaign's counts settling to its report posted, the most of a period (the reporter's SettledToPostSeconds). */
export const settledToPost = (period: Duration = fiveMinutes) => workerMetric(successWorkers.reporter, "SettledToPostSeconds", "Maximum", period)

/** Seconds from a load's end to its report posted, the most of a period (the reporter's LoadEndToPostSeconds). */
export const loadEndToPost = (period: Duration = fiveMinutes) => workerMetric(successWorkers.reporter, "LoadEndToPostSeconds", "Maximum", period)

/** The largest difference the drift check found between a campaign's counts and its recount. */
export const countDrift = (period: Duration = driftCheckPeriod) => workerMetric(successWorkers.driftCheck, "CountDrift", "Maximum", period)

/** The most fans with more than one item in a campaign the drift check found. */
export const duplicateFanItems = (period: Duration = driftCheckPeriod) => workerMetric(successWorkers.driftCheck, "DuplicateFanItems", "Maximum", period)

/** Campaigns the drift check recounted. */
export const campaignsChecked = (period: Duration = driftCheckPeriod) => workerMetric(successWorkers.driftCheck, "CampaignsChecked", "Sum", period)

/** Campaigns the drift check could not measure: being counted throughout. */
export const campaignsBusy = (period: Duration = driftCheckPeriod) => workerMetric(successWorkers.driftCheck, "CampaignsBusy", "Sum", period)

/** The share (0 to 1) of a loaded file's rows that were invalid, the most of a period (SPEC §12). */
export const invalidShare = (worker: string, period: Duration = fiveMinutes) => workerMetric(worker, "InvalidShare", "Maximum", period)
