import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { KinesisClient } from "@aws-sdk/client-kinesis"
import { S3Client } from "@aws-sdk/client-s3"
import { SQSClient } from "@aws-sdk/client-sqs"
import { Effect } from "effect"
import { awsServiceClientConfig } from "../../aws/clientConfig.js"
import type { MissingSetting } from "../../../services/errors.js"
import {
  CampaignDataStreamName,
  DemandTableName,
  ScoresStreamName,
  ScoringBucketName,
  setting
} from "../../../services/Settings.js"
import { type BootstrapError, scopedClient } from "./bootstrapCall.js"
import { ensureBucket } from "./bootstrapBucket.js"
import { ensureQueues, type QueueSettings, type QueueUrls } from "./bootstrapQueues.js"
import { ensureStream, type StreamRef } from "./bootstrapStreams.js"
import { ensureDemandTable } from "./bootstrapTable.js"

/** The resources of the whole flow (SPEC §1) and how the verdict queue behaves. */
export interface StackResources extends QueueSettings {
  readonly demandTable: string
  readonly scoresStream: string
  readonly campaignDataStream: string
  readonly scoringBucket: string
}

export const verdictQueueName = "verdict-reporter-queue"
export const verdictDeadLetterQueueName = "verdict-reporter-dlq"

/**
 * The resources the settings name (DEMAND_TABLE, SCORES_STREAM, CAMPAIGN_DATA_STREAM,
 * SCORING_BUCKET, with SPEC §2's defaults), the verdict queue and its dead-letter queue,
 * SQS's default visibility timeout and 5 receives before a message is dead; `overrides` win.
 */
export const stackResources = (overrides: Partial<StackResources> = {}): Effect.Effect<StackResources, MissingSetting> =>
  Effect.gen(function* () {
    return {
      demandTable: yield* setting("DEMAND_TABLE", DemandTableName),
      scoresStream: yield* setting("SCORES_STREAM", ScoresStreamName),
      campaignDataStream: yield* setting("CAMPAIGN_DATA_STREAM", CampaignDataStreamName),
      scoringBucket: yield* setting("SCORING_BUCKET", ScoringBucketName),
      queue: verdictQueueName,
      deadLetterQueue: verdictDeadLetterQueueName,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      ...overrides
    }
  })

/** What the bootstrap created or found: what the runner and its events need to name. */
export interface BootstrappedResources extends QueueUrls {
  /** The demand table's stream (DynamoDB Streams API; eventSourceARN of its records). */
  readonly tableStreamArn: string
  readonly streams: { readonly scores: StreamRef; readonly campaignData: StreamRef }
}

/**
 * Creates, idempotently and in parallel, the demand table (stream, byCampaign index, TTL),
 * both Kinesis streams, the verdict queue with its dead-letter queue, and the bucket;
 * waits until they are ready. Its clients are built like the workers' (AWS_REGION,
 * AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL, credentials, all read through Config),
 * so it runs against the stand-ins, LocalStack or AWS alike.
 */
export const bootstrapResources = (
  resources: StackResources
): Effect.Effect<BootstrappedResources, BootstrapError | MissingSetting> =>
  Effect.scoped(
    Effect.gen(function* () {
      const dynamo = yield* scopedClient(Effect.map(awsServiceClientConfig("DYNAMODB"), (config) => new DynamoDBClient(config)))
      const kinesis = yield* scopedClient(Effect.map(awsServiceClientConfig("KINESIS"), (config) => new KinesisClient(config)))
      const sqs = yield* scopedClient(Effect.map(awsServiceClientConfig("SQS"), (config) => new SQSClient(config)))
      const s3Config = yield* awsServiceClientConfig("S3")
      const s3 = yield* scopedClient(Effect.sync(() => new S3Client({ ...s3Config, forcePathStyle: s3Config.endpoint !== undefined })))
      const created = yield* Effect.all(
        {
          tableStreamArn: ensureDemandTable(dynamo, resources.demandTable),
          scores: ensureStream(kinesis, resources.scoresStream),
          campaignData: ensureStream(kinesis, resources.campaignDataStream),
          queues: ensureQueues(sqs, resources),
          bucket: ensureBucket(s3, resources.scoringBucket, s3Config.region)
        },
        { concurrency: "unbounded" }
      )
      return {
        ...created.queues,
        tableStreamArn: created.tableStreamArn,
        streams: { scores: created.scores, campaignData: created.campaignData }
      }
    })
  )
