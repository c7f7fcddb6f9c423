import { Effect, Layer } from "effect"
import type * as Aws from "./aws/AwsLayer.js"
import type * as Dynamo from "./aws/DynamoDemandTable.js"
import type * as Counts from "./aws/DynamoCampaignCounts.js"
import type * as Kinesis from "./aws/KinesisRecordStream.js"
import type * as Lambda from "./aws/LambdaLoadContinuations.js"
import type * as Ledger from "./aws/DynamoReportLedger.js"
import type * as Progress from "./aws/DynamoRunProgress.js"
import type * as S3 from "./aws/S3ScoringBucket.js"
import type * as Secrets from "./aws/SecretSettings.js"
import type * as Sqs from "./aws/SqsVerdictQueue.js"
import type * as CampaignHttp from "./http/HttpCampaignService.js"
import type * as EntryHttp from "./http/HttpEntryService.js"
import type * as ServiceClient from "./http/serviceClient.js"
import type * as Workers from "./node/ScrubbedBlockWorkers.js"
import type * as Slack from "./slack/SlackWebApiNotifier.js"

/**
 * The live layers as the package's root entry exports them: each loads its module (the AWS
 * SDK clients, @slack/web-api, @effect/platform's HTTP client, worker threads) when the layer
 * is built, not when the entry is imported. A program that runs in memory never loads them;
 * one that builds a layer pays its import once, then the module is cached. Same types and
 * behaviour as the modules' own layers (the handlers import those directly).
 */
const lazyLayer = <M, A, E, R>(load: () => Promise<M>, pick: (module: M) => Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  Layer.unwrapEffect(Effect.map(Effect.promise(load), pick))

const aws = () => import("./aws/AwsLayer.js")
const s3 = () => import("./aws/S3ScoringBucket.js")
const kinesis = () => import("./aws/KinesisRecordStream.js")
const secrets = () => import("./aws/SecretSettings.js")
const workers = () => import("./node/ScrubbedBlockWorkers.js")

export const AwsLayer: typeof Aws.AwsLayer = lazyLayer(aws, (m) => m.AwsLayer)
export const S3ScoringBucketLive: typeof S3.S3ScoringBucketLive = lazyLayer(s3, (m) => m.S3ScoringBucketLive)
export const KinesisScoresStreamLive: typeof Kinesis.KinesisScoresStreamLive = lazyLayer(kinesis, (m) => m.KinesisScoresStreamLive)
export const KinesisCampaignDataStreamLive: typeof Kinesis.KinesisCampaignDataStreamLive = lazyLayer(
  kinesis,
  (m) => m.KinesisCampaignDataStreamLive
)
export const SqsVerdictQueueLive: typeof Sqs.SqsVerdictQueueLive = lazyLayer(() => import("./aws/SqsVerdictQueue.js"), (m) => m.SqsVerdictQueueLive)
export const LambdaLoadContinuationsLive: typeof Lambda.LambdaLoadContinuationsLive = lazyLayer(
  () => import("./aws/LambdaLoadContinuations.js"),
  (m) => m.LambdaLoadContinuationsLive
)
export const DynamoDemandTableLive: typeof Dynamo.DynamoDemandTableLive = lazyLayer(
  () => import("./aws/DynamoDemandTable.js"),
  (m) => m.DynamoDemandTableLive
)
export const DynamoCampaignCountsLive: typeof Counts.DynamoCampaignCountsLive = lazyLayer(
  () => import("./aws/DynamoCampaignCounts.js"),
  (m) => m.DynamoCampaignCountsLive
)
export const DynamoReportLedgerLive: typeof Ledger.DynamoReportLedgerLive = lazyLayer(
  () => import("./aws/DynamoReportLedger.js"),
  (m) => m.DynamoReportLedgerLive
)
export const DynamoRunProgressLive: typeof Progress.DynamoRunProgressLive = lazyLayer(
  () => import("./aws/DynamoRunProgress.js"),
  (m) => m.DynamoRunProgressLive
)
export const SecretSettingsLive: typeof Secrets.SecretSettingsLive = lazyLayer(secrets, (m) => m.SecretSettingsLive)
/** `services` built after the secret settings are read (SecretSettings.withSecretSettings). */
export const withSecretSettings = <A, E, R>(services: Layer.Layer<A, E, R>) => lazyLayer(secrets, (m) => m.withSecretSettings(services))
export const HttpCampaignServiceLive: typeof CampaignHttp.HttpCampaignServiceLive = lazyLayer(
  () => import("./http/HttpCampaignService.js"),
  (m) => m.HttpCampaignServiceLive
)
export const HttpEntryServiceLive: typeof EntryHttp.HttpEntryServiceLive = lazyLayer(
  () => import("./http/HttpEntryService.js"),
  (m) => m.HttpEntryServiceLive
)
export const ServiceHttpClientLive: typeof ServiceClient.ServiceHttpClientLive = lazyLayer(
  () => import("./http/serviceClient.js"),
  (m) => m.ServiceHttpClientLive
)
export const SlackNotifierLive: typeof Slack.SlackNotifierLive = lazyLayer(() => import("./slack/SlackWebApiNotifier.js"), (m) => m.SlackNotifierLive)
export const scrubbedBlockWorkers: typeof Workers.scrubbedBlockWorkers = (threads, blockBytes) =>
  lazyLayer(workers, (m) => m.scrubbedBlockWorkers(threads, blockBytes))
export const ScrubbedBlockWorkersFromConfig: typeof Workers.ScrubbedBlockWorkersFromConfig = lazyLayer(
  workers,
  (m) => m.ScrubbedBlockWorkersFromConfig
)
