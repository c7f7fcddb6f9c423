import { KinesisClient, ListShardsCommand, PutRecordsCommand, type PutRecordsResultEntry, type Shard } from "@aws-sdk/client-kinesis"
import { Effect, Layer, type Scope } from "effect"
import { type MissingSetting, StreamPutError } from "../../services/errors.js"
import { CampaignDataStream, type OpenShard, type PutOutcome, type RecordStream, ScoresStream, type StreamEntry } from "../../services/RecordStream.js"
import { CampaignDataStreamName, ScoresStreamName, setting } from "../../services/Settings.js"
import { awsErrorFacts, describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/** A Kinesis client for the lifetime of the scope, configured from the settings. */
export const makeKinesisClient: Effect.Effect<KinesisClient, MissingSetting, Scope.Scope> = Effect.acquireRelease(
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

const putError = (streamName: string) => (error: unknown) =>
  new StreamPutError({ stream: streamName, reason: describeAwsError(error), retryable: isRetryablePutError(error) })

/** Shards without an ending sequence number take records; closed ones (parents of a resharding) do not. */
const openOf = (shards: ReadonlyArray<Shard>): Array<OpenShard> =>
  shards.flatMap((shard) =>
    shard.ShardId === undefined || shard.SequenceNumberRange?.EndingSequenceNumber !== undefined
      ? []
      : [{ shardId: shard.ShardId, startingHashKey: shard.HashKeyRange?.StartingHashKey ?? "0" }]
  )

/** Every shard of the stream, page after page (ListShards). */
const listShards = (client: KinesisClient, streamName: string) => {
  const page = (token: string | undefined, found: ReadonlyArray<Shard>): Effect.Effect<ReadonlyArray<Shard>, StreamPutError> =>
    Effect.tryPromise({
      try: (signal) =>
        client.send(new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }), {
          abortSignal: signal
        }),
      catch: putError(streamName)
    }).pipe(
      Effect.flatMap((output) => {
        const shards = [...found, ...(output.Shards ?? [])]
        return output.NextToken === undefined ? Effect.succeed(shards) : page(output.NextToken, shards)
      })
    )
  return page(undefined, [])
}

/** Kinesis takes at most 500 records a PutRecords call (ValidationException beyond). */
const maxRecordsPerCall = 500

/** A call Kinesis would refuse whole, refused without making it (a stand-in may take it). */
const tooMany = (streamName: string, count: number) =>
  new StreamPutError({ stream: streamName, reason: `InvalidArgumentException: ${count} records, at most ${maxRecordsPerCall} a call`, retryable: false })

/** PutRecords of the entries, each answered in entry order. */
const putEntries = (client: KinesisClient, streamName: string, entries: ReadonlyArray<StreamEntry>) =>
  Effect.tryPromise({
    try: (signal) =>
      client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: entries.map((entry) => ({
            PartitionKey: entry.partitionKey,
            Data: entry.data,
            ...(entry.explicitHashKey === undefined ? {} : { ExplicitHashKey: entry.explicitHashKey })
          }))
        }),
        { abortSignal: signal }
      ),
    catch: putError(streamName)
  }).pipe(Effect.map((output) => entries.map((_, i) => toOutcome(output.Records?.[i]))))

/** A Kinesis data stream over PutRecords, on a client of the caller's (the layers below make their own). */
export const kinesisRecordStream = (client: KinesisClient, streamName: string): RecordStream => ({
  streamName,
  putRecords: (entries) =>
    entries.length > maxRecordsPerCall ? Effect.fail(tooMany(streamName, entries.length)) : putEntries(client, streamName, entries),
  openShards: Effect.map(listShards(client, streamName), openOf)
})

/** The port `port`: a Kinesis data stream named by `streamName`, with its own client for the lifetime of the scope. */
const onOwnClient = (port: string) => (streamName: string) =>
  Effect.map(makeKinesisClient, (client) => withPortSpans(port, kinesisRecordStream(client, streamName)))

/** The scores stream (SCORES_STREAM) on Kinesis. */
export const KinesisScoresStreamLive: Layer.Layer<ScoresStream, MissingSetting> = Layer.scoped(
  ScoresStream,
  Effect.flatMap(setting(settingNames.scoresStream, ScoresStreamName), onOwnClient(portName(ScoresStream)))
)

/** The campaign data stream (CAMPAIGN_DATA_STREAM) on Kinesis. */
export const KinesisCampaignDataStreamLive: Layer.Layer<CampaignDataStream, MissingSetting> = Layer.scoped(
  CampaignDataStream,
  Effect.flatMap(setting(settingNames.campaignDataStream, CampaignDataStreamName), onOwnClient(portName(CampaignDataStream)))
)
