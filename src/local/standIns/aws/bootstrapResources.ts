import { Config, Effect, Option } from "effect"
import type { MissingSetting } from "../../../services/errors.js"
import {
  CampaignDataStreamName,
  DemandTableName,
  ScoresStreamName,
  ScoringBucketName,
  setting
} from "../../../services/Settings.js"
import type { StackError } from "./stackCall.js"
import { stackClients } from "./stackClients.js"
import { ensureBucket } from "./bootstrapBucket.js"
import { ensureQueues, type QueueSettings, type QueueUrls } from "./bootstrapQueues.js"
import { ensureStream, type StreamRef } from "./bootstrapStreams.js"
import { ensureDemandTable } from "./bootstrapTable.js"
import { settingNames } from "../../../services/settingNames.js"

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
 * SCORING_BUCKET, with SPEC §2's defaults), the verdict queue (the last part of
 * VERDICT_QUEUE_URL when it is set) and its dead-letter queue (`<queue>-dlq` then),
 * SQS's default visibility timeout and 5 receives before a message is dead; `overrides` win.
 */
export const stackResources = (overrides: Partial<StackResources> = {}): Effect.Effect<StackResources, MissingSetting> =>
  Effect.gen(function* () {
    const url = yield* setting(settingNames.verdictQueueUrl, Config.option(Config.nonEmptyString(settingNames.verdictQueueUrl)))
    const named = Option.flatMap(url, (value) => Option.fromNullable(value.split("/").filter((part) => part !== "").at(-1)))
    return {
      demandTable: yield* setting(settingNames.demandTable, DemandTableName),
      scoresStream: yield* setting(settingNames.scoresStream, ScoresStreamName),
      campaignDataStream: yield* setting(settingNames.campaignDataStream, CampaignDataStreamName),
      scoringBucket: yield* setting(settingNames.scoringBucket, ScoringBucketName),
      queue: Option.getOrElse(named, () => verdictQueueName),
      deadLetterQueue: Option.match(named, { onNone: () => verdictDeadLetterQueueName, onSome: (queue) => `${queue}-dlq` }),
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
 * waits until they are ready; against the stand-ins, LocalStack or AWS alike (stackClients).
 */
export const bootstrapResources = (
  resources: StackResources
): Effect.Effect<BootstrappedResources, StackError | MissingSetting> =>
  Effect.scoped(
    Effect.gen(function* () {
      const { dynamo, kinesis, sqs, s3, region } = yield* stackClients
      const created = yield* Effect.all(
        {
          tableStreamArn: ensureDemandTable(dynamo, resources.demandTable),
          scores: ensureStream(kinesis, resources.scoresStream),
          campaignData: ensureStream(kinesis, resources.campaignDataStream),
          queues: ensureQueues(sqs, resources),
          bucket: ensureBucket(s3, resources.scoringBucket, region)
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
