import { KinesisClient, PutRecordsCommand, type PutRecordsResultEntry } from "@aws-sdk/client-kinesis"
import { Effect, Layer, type Scope } from "effect"
import { type MissingSetting, StreamPutError } from "../../services/errors.js"
import { CampaignDataStream, type PutOutcome, type RecordStream, ScoresStream } from "../../services/RecordStream.js"
import { CampaignDataStreamName, ScoresStreamName, setting } from "../../services/Settings.js"
import { awsErrorFacts, describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"

const kinesisClient = Effect.acquireRelease(
  Effect.map(awsServiceClientConfig("KINESIS"), (config) => new KinesisClient(config)),
  (client) => Effect.sync(() => client.destroy())
)

/** Errors after which the same call may well succeed: throttling, service faults. */
const retryableCodes = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "LimitExceededException",
  "KMSThrottlingException",
  "InternalFailure",
  "InternalFailureException",
  "ServiceUnavailable",
  "ServiceUnavailableException"
])

/** Throttling, 5xx and network errors (no HTTP status) are retryable; other 4xx are not. */
export const isRetryablePutError = (error: unknown): boolean => {
  const { name, status, sdkRetryable } = awsErrorFacts(error)
  return retryableCodes.has(name) || sdkRetryable || status === undefined || status >= 500
}

const toOutcome = (result: PutRecordsResultEntry | undefined): PutOutcome =>
  result?.ShardId !== undefined && result.SequenceNumber !== undefined && result.ErrorCode === undefined
    ? { accepted: true, shardId: result.ShardId, sequenceNumber: result.SequenceNumber }
    : {
        accepted: false,
        errorCode: result?.ErrorCode ?? "MissingResult",
        errorMessage: result?.ErrorMessage ?? "PutRecords returned no result for this record"
      }

/** A Kinesis data stream over PutRecords, with its own client for the lifetime of the scope. */
export const makeKinesisRecordStream = (
  streamName: string
): Effect.Effect<RecordStream, MissingSetting, Scope.Scope> =>
  Effect.map(kinesisClient, (client) => ({
    streamName,
    putRecords: (entries) =>
      Effect.tryPromise({
        try: (signal) =>
          client.send(
            new PutRecordsCommand({
              StreamName: streamName,
              Records: entries.map((entry) => ({ PartitionKey: entry.partitionKey, Data: entry.data }))
            }),
            { abortSignal: signal }
          ),
        catch: (error) =>
          new StreamPutError({ stream: streamName, reason: describeAwsError(error), retryable: isRetryablePutError(error) })
      }).pipe(Effect.map((output) => entries.map((_, i) => toOutcome(output.Records?.[i]))))
  }))

/** The scores stream (SCORES_STREAM) on Kinesis. */
export const KinesisScoresStreamLive: Layer.Layer<ScoresStream, MissingSetting> = Layer.scoped(
  ScoresStream,
  Effect.flatMap(setting("SCORES_STREAM", ScoresStreamName), makeKinesisRecordStream)
)

/** The campaign data stream (CAMPAIGN_DATA_STREAM) on Kinesis. */
export const KinesisCampaignDataStreamLive: Layer.Layer<CampaignDataStream, MissingSetting> = Layer.scoped(
  CampaignDataStream,
  Effect.flatMap(setting("CAMPAIGN_DATA_STREAM", CampaignDataStreamName), makeKinesisRecordStream)
)
