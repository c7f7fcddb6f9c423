import { Duration } from "aws-cdk-lib"
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch"
import type * as lambda from "aws-cdk-lib/aws-lambda"
import type * as sqs from "aws-cdk-lib/aws-sqs"
import { Construct } from "constructs"
import { metricsNamespace } from "../../src/layers/observability/WorkerMetrics.js"
import type { HandlerName } from "../handlers.js"
import { fiveMinutes, invalidShare } from "./successMetrics.js"
import { successAlarms } from "./successAlarms.js"

export interface AlarmsProps {
  readonly functions: Record<HandlerName, lambda.Function>
  /** The consumers of a stream, whose iterator age says how far behind they are. */
  readonly streamConsumers: ReadonlyArray<HandlerName>
  readonly verdictQueue: sqs.Queue
  /** Dead-letter and failure queues, by name. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.Queue>>
  /** Batches the stream consumers gave up on, kept in the failed-batches bucket. */
  readonly batchesKept: cloudwatch.IMetric
  /** The loaders' workers (their EMF dimension) and the share of invalid rows that is a data-quality problem. */
  readonly dataQuality: { readonly workers: ReadonlyArray<string>; readonly maxInvalid: number }
  /** The loaders, each with its worker (the EMF dimension of its LoadInvocation metric). */
  readonly loaders: Readonly<Partial<Record<HandlerName, string>>>
}

/** Whether an alarm fires when its metric is above its threshold (most) or below it (a success figure). */
export type Comparison = "above" | "below"

/** Makes one alarm: evaluated over one period of its metric, missing data not breaching. */
export type AlarmOn = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string, comparison?: Comparison) => void

/**
 * The invocations a load may take before it is alarmed on: a load continues in a new
 * invocation when one nears its 15 minutes (a continuation); one that needs more than 8
 * (two hours) is likely not progressing.
 */
export const maxLoadInvocations = 8

/**
 * What an operator is paged for: a stream consumer more than an hour behind; a function
 * failing more than 5% of its invocations; a verdict message waiting more than 15 minutes;
 * anything in a dead-letter or failure queue; a batch kept in the failed-batches bucket; a loaded file more than DATA_QUALITY_MAX_INVALID
 * of whose rows were invalid (the loaders' EMF metric InvalidShare); a load in more than
 * maxLoadInvocations invocations (their EMF metric LoadInvocation); a loader's asynchronous
 * event dropped (an S3 event or a continuation); and each success figure of SPEC §13 past
 * its threshold (successAlarms.ts).
 */
export class Alarms extends Construct {
  readonly all: Array<cloudwatch.Alarm> = []

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id)
    const alarm: AlarmOn = (name, metric, threshold, description, comparison = "above") =>
      this.all.push(
        new cloudwatch.Alarm(this, name, {
          metric,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator:
            comparison === "above" ? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD : cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: description
        })
      )
    for (const name of props.streamConsumers) {
      const iteratorAge = props.functions[name].metric("IteratorAge", { statistic: "Maximum", period: fiveMinutes })
      alarm(`${name}IteratorAge`, iteratorAge, Duration.hours(1).toMilliseconds(), `${name} is more than an hour behind its stream`)
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      const errorRate = new cloudwatch.MathExpression({
        expression: "100 * errors / MAX([invocations, 1])",
        usingMetrics: { errors: fn.metricErrors({ period: fiveMinutes }), invocations: fn.metricInvocations({ period: fiveMinutes }) },
        period: fiveMinutes,
        label: `${name} error rate (%)`
      })
      alarm(`${name}ErrorRate`, errorRate, 5, `${name} failed more than 5% of its invocations in 5 minutes`)
    }
    const oldest = props.verdictQueue.metricApproximateAgeOfOldestMessage({ statistic: "Maximum", period: fiveMinutes })
    alarm("VerdictMessageAge", oldest, Duration.minutes(15).toSeconds(), "a verdict message has waited more than 15 minutes")
    for (const worker of props.dataQuality.workers) {
      const share = invalidShare(worker)
      const limit = props.dataQuality.maxInvalid
      alarm(`${worker}InvalidShare`, share, limit, `${worker} loaded a file more than ${limit * 100}% of whose rows were invalid: see its rejects file`)
    }
    for (const [name, worker] of Object.entries(props.loaders)) {
      const invocation = new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName: "LoadInvocation",
        dimensionsMap: { worker },
        statistic: "Maximum",
        period: fiveMinutes
      })
      const tooMany = `a load has taken more than ${maxLoadInvocations} invocations: it may never finish`
      alarm(`${worker}LoadInvocation`, invocation, maxLoadInvocations, `${worker}: ${tooMany}`)
      const dropped = props.functions[name as HandlerName].metric("AsyncEventsDropped", { statistic: "Sum", period: fiveMinutes })
      alarm(`${name}AsyncEventsDropped`, dropped, 0, `${name}: an S3 event or a load's continuation was dropped: see its failure queue`)
    }
    alarm("FailedBatchKept", props.batchesKept, 0, "a stream consumer gave up on a batch: replay it from the failed-batches bucket (docs/OPERATIONS.md, redrive)")
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const waiting = queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period: fiveMinutes })
      alarm(`${name}Waiting`, waiting, 0, `messages in ${name}: see docs/OPERATIONS.md (redrive)`)
    }
    successAlarms(alarm)
  }
}
