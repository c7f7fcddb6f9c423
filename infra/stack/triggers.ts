import { Duration } from "aws-cdk-lib"
import * as iam from "aws-cdk-lib/aws-iam"
import * as lambda from "aws-cdk-lib/aws-lambda"
import * as destinations from "aws-cdk-lib/aws-lambda-destinations"
import * as sources from "aws-cdk-lib/aws-lambda-event-sources"
import * as s3 from "aws-cdk-lib/aws-s3"
import * as s3n from "aws-cdk-lib/aws-s3-notifications"
import * as sqs from "aws-cdk-lib/aws-sqs"
import { Construct } from "constructs"
import type { Data } from "./data.js"
import type { FailedBatches } from "./failedBatches.js"
import type { Functions } from "./functions.js"
import { counterBatchSize } from "../../src/pipelines/processSavedScores/countingPlan.js"

/**
 * How a stream consumer is fed. Kinesis: up to 500 records or 5 s a batch (a PutRecords-sized
 * unit for the table writer, one Entry Service chunk for entry scoring), two batches per
 * shard at once (records of one fan stay ordered: same partition key). DynamoDB stream: 1,000
 * records or 2 s, so counts move within seconds of the writes. Every consumer reports its
 * failed records (only those are retried), halves a failing batch to isolate a bad record,
 * retries at most 8 times and for at most 6 hours, then keeps the batch it could not handle,
 * its records whole, in the failed-batches bucket (FailedBatches); it starts from the oldest
 * record, so nothing written before a deploy is skipped.
 */
const streamMapping = {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  reportBatchItemFailures: true,
  bisectBatchOnError: true,
  retryAttempts: 8,
  maxRecordAge: Duration.hours(6)
} as const

/** The fan items of SPEC §5 (PK fan:/sid:/email:, SK campaign:): `meta:` items never invoke the counter. */
export const fanItemsOnly = lambda.FilterCriteria.filter({
  dynamodb: {
    Keys: {
      PK: { S: [...lambda.FilterRule.beginsWith("fan:"), ...lambda.FilterRule.beginsWith("sid:"), ...lambda.FilterRule.beginsWith("email:")] },
      SK: { S: lambda.FilterRule.beginsWith("campaign:") }
    }
  }
})

/** S3 notifications, stream and queue mappings, and who may invoke the resolver. */
export class Triggers extends Construct {
  /**
   * Where each loader's asynchronous events go when they could not be handled. (The stream
   * consumers' batches are kept in the failed-batches bucket instead: a queue message would hold
   * only their shard and sequence numbers.)
   */
  readonly failureQueues: Readonly<Record<string, sqs.Queue>>

  constructor(
    scope: Construct,
    id: string,
    { data, functions, failedBatches }: { readonly data: Data; readonly functions: Functions; readonly failedBatches: FailedBatches }
  ) {
    super(scope, id)
    const { byName } = functions
    data.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(byName.scrubbedFile), { prefix: "scrubbed/", suffix: ".csv" })
    data.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(byName.fanlistFile), { prefix: "fanlist/scored/", suffix: ".csv" })

    const failures = (name: string) => new sqs.Queue(this, `${name}Failures`, { retentionPeriod: Duration.days(14), enforceSSL: true })
    // The loaders are invoked asynchronously: by S3, and by themselves for a load's continuation
    // (a continuation). An event that still fails after 2 retries, or is 6 hours old, goes to the
    // loader's failure queue (in the invocation record, with its payload) instead of being lost.
    const scrubbedFailures = failures("ScrubbedFile")
    const fanlistFailures = failures("FanlistFile")
    for (const [loader, queue] of [
      [byName.scrubbedFile, scrubbedFailures],
      [byName.fanlistFile, fanlistFailures]
    ] as const) {
      loader.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(queue) })
    }
    const kinesisBatch = { ...streamMapping, batchSize: 500, maxBatchingWindow: Duration.seconds(5), parallelizationFactor: 2 }
    // Every stream mapping keeps what it gives up on whole, the event under `payload` (vf-workers redrive).
    const keep = new sources.S3OnFailureDestination(failedBatches.bucket)
    // One batch of a shard at a time, in order: a run's progress is recorded by shard position (RunProgress).
    const inOrder = { ...kinesisBatch, parallelizationFactor: 1 }
    byName.scoresToDynamoDB.addEventSource(new sources.KinesisEventSource(data.scoresStream, { ...inOrder, onFailure: keep }))
    byName.entryScoring.addEventSource(new sources.KinesisEventSource(data.scoresStream, { ...kinesisBatch, onFailure: keep }))
    // The counter adds a delivery in one transaction by its shard's position: a tumbling window
    // makes Lambda name the shard in each event (the window's state is not used), and big
    // batches make few transactions (countingPlan.ts).
    byName.savedScores.addEventSource(
      new sources.DynamoEventSource(data.table, {
        ...streamMapping,
        batchSize: counterBatchSize,
        maxBatchingWindow: Duration.seconds(2),
        tumblingWindow: Duration.seconds(900),
        // One delivery of a shard at a time: its position moves in order.
        parallelizationFactor: 1,
        filters: [fanItemsOnly],
        onFailure: keep
      })
    )
    byName.verdictReporter.addEventSource(new sources.SqsEventSource(data.verdictQueue, { batchSize: 10, reportBatchItemFailures: true }))
    byName.campaignProxy.grantInvoke(new iam.ServicePrincipal("appsync.amazonaws.com"))
    this.failureQueues = {
      ScrubbedFileFailures: scrubbedFailures,
      FanlistFileFailures: fanlistFailures
    }
  }
}
