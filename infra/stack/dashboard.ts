import { Duration, Stack } from "aws-cdk-lib"
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch"
import type * as lambda from "aws-cdk-lib/aws-lambda"
import type * as sqs from "aws-cdk-lib/aws-sqs"
import { Construct } from "constructs"
import type { HandlerName } from "../handlers.js"
import {
  campaignsBusy,
  campaignsChecked,
  countDrift,
  duplicateFanItems,
  fiveMinutes,
  invalidShare,
  loadEndToPost,
  processingSuccess,
  settledToPost,
  streamDelivery,
  successThresholds as at
} from "./successMetrics.js"

export interface DashboardProps {
  readonly functions: Record<HandlerName, lambda.Function>
  /** The consumers of a stream, whose iterator age says how far behind they are. */
  readonly streamConsumers: ReadonlyArray<HandlerName>
  readonly verdictQueue: sqs.Queue
  /** Dead-letter and failure queues, by name. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.Queue>>
  /** The loaders' workers (their EMF dimension) and the share of invalid rows that is a data-quality problem, as their alarms have them. */
  readonly dataQuality: { readonly workers: ReadonlyArray<string>; readonly maxInvalid: number }
  /** Every alarm of the stack, whose states the dashboard's last row shows. */
  readonly alarms: ReadonlyArray<cloudwatch.IAlarm>
}

const line = (value: number, label: string): cloudwatch.HorizontalAnnotation => ({ value, label, color: cloudwatch.Color.RED })

/**
 * One CloudWatch dashboard of the system: the six success figures of SPEC §13 (the same
 * metrics as their alarms, successMetrics.ts), each with its threshold; how far behind the
 * stream consumers are; the queues' oldest message and backlog; every function's errors; the
 * alarms' states.
 */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id)
    const graph = (title: string, left: Array<cloudwatch.IMetric>, annotations: Array<cloudwatch.HorizontalAnnotation> = [], width = 12) =>
      new cloudwatch.GraphWidget({ title, left, leftAnnotations: annotations, width, height: 6 })
    const { maxInvalid } = props.dataQuality
    const queues: Record<string, sqs.Queue> = { VerdictQueue: props.verdictQueue, ...props.deadLetterQueues }
    const ofQueues = (metric: (queue: sqs.Queue) => cloudwatch.Metric) =>
      Object.entries(queues).map(([name, queue]) => metric(queue).with({ label: name }))
    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${Stack.of(this).stackName}-verified-fan`,
      defaultInterval: Duration.days(7)
    })
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: "# Verified Fan workers\nSuccess figures (SPEC §13), each with its alarm's threshold in red. Runbooks: docs/OPERATIONS.md.",
        width: 24,
        height: 2
      })
    )
    dashboard.addWidgets(
      graph("Processing success (%): RecordsWritten ÷ ValidRecords", [processingSuccess()], [line(at.processingSuccessPercent, `${at.processingSuccessPercent}%`)], 8),
      graph("Stream delivery (%): StreamRecordsAccepted ÷ StreamRecordsSent", [streamDelivery()], [line(at.streamDeliveryPercent, `${at.streamDeliveryPercent}%`)], 8),
      graph("Notification timeliness (s, most of 5 minutes)", [settledToPost(), loadEndToPost()], [line(at.notificationSeconds, `${at.notificationSeconds} s`)], 8)
    )
    dashboard.addWidgets(
      graph("Count accuracy: CountDrift (most of a day)", [countDrift()], [line(at.countDrift, "any drift")], 6),
      graph("De-duplication: DuplicateFanItems (most of a day)", [duplicateFanItems()], [line(at.duplicateFanItems, "any duplicate")], 6),
      graph("Drift check: CampaignsChecked, CampaignsBusy (a day)", [campaignsChecked(), campaignsBusy()], [], 6),
      graph("Invalid records: InvalidShare (most of 5 minutes)", props.dataQuality.workers.map((worker) => invalidShare(worker).with({ label: worker })), [line(maxInvalid, `${maxInvalid * 100}%`)], 6)
    )
    dashboard.addWidgets(
      graph(
        "Stream consumers: IteratorAge (ms, most of 5 minutes)",
        props.streamConsumers.map((name) => props.functions[name].metric("IteratorAge", { statistic: "Maximum", period: fiveMinutes, label: name })),
        [line(Duration.hours(1).toMilliseconds(), "1 hour")],
        24
      )
    )
    dashboard.addWidgets(
      graph("Queues: ApproximateAgeOfOldestMessage (s)", ofQueues((queue) => queue.metricApproximateAgeOfOldestMessage({ statistic: "Maximum", period: fiveMinutes }))),
      graph("Queues: ApproximateNumberOfMessagesVisible", ofQueues((queue) => queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period: fiveMinutes })))
    )
    dashboard.addWidgets(
      graph(
        "Functions: Errors (sum of 5 minutes)",
        Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ statistic: "Sum", period: fiveMinutes, label: name })),
        [],
        24
      )
    )
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: [...props.alarms], width: 24, height: 6 }))
    this.dashboard = dashboard
  }
}
