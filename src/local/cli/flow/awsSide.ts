import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams"
import { KinesisClient } from "@aws-sdk/client-kinesis"
import { SQSClient } from "@aws-sdk/client-sqs"
import { Effect, Layer, type Scope } from "effect"
import type { StreamRecordOut } from "../../../lambda/events/kinesisEvent.js"
import { AwsLayer } from "../../../layers/aws/AwsLayer.js"
import { type AwsService, awsServiceClientConfig } from "../../../layers/aws/clientConfig.js"
import { DynamoCampaignCountsLive } from "../../../layers/aws/DynamoCampaignCounts.js"
import { DynamoReportLedgerLive } from "../../../layers/aws/DynamoReportLedger.js"
import type { BootstrappedResources } from "../../standIns/aws/bootstrapResources.js"
import { retriedWhileTransient, scopedClient, type StackError } from "../../standIns/aws/stackCall.js"
import type { MissingSetting } from "../../../services/errors.js"
import { AwsRegion, DemandTableName, ScoringBucketName, setting } from "../../../services/Settings.js"
import { isEndOfFileData } from "../../../services/schemas/EndOfFile.js"
import type { Checkpoints } from "./checkpoints.js"
import { localVisibilitySeconds } from "./consumers.js"
import type { FlowSide } from "./FlowSide.js"
import { type KeptStream, noKeeper, type RecordKeeper } from "./RecordKeeper.js"
import { tableContentOf } from "./tableContent.js"
import { kinesisTail } from "./kinesisTail.js"
import type { ShardStart } from "./shardTail.js"
import { sqsInbox } from "./sqsInbox.js"
import { scanTable } from "./tableScan.js"
import { tableStreamTail } from "./tableStreamTail.js"
import { settingNames } from "../../../services/settingNames.js"

/** Every AWS service the workers' handlers use, on the SDK clients the settings configure. */
const workerServices = Layer.mergeAll(AwsLayer, DynamoCampaignCountsLive, DynamoReportLedgerLive)

const client = <C extends { destroy(): void }>(service: AwsService, make: (config: object) => C) =>
  scopedClient(Effect.map(awsServiceClientConfig(service), make))

export interface AwsSideOptions {
  readonly mode: string
  readonly resources: BootstrappedResources
  /** Where the stream readers start: the beginning of fresh streams, or now on streams that hold older records. */
  readonly start: ShardStart
  /** Where the streams' fan records go as they are read (for the dump); they are otherwise only counted. */
  readonly keeper?: RecordKeeper
  /** Where the consumed streams' positions are kept between runs (at an endpoint, whose streams outlive a run). */
  readonly checkpoints?: Checkpoints
}


/**
 * The AWS side of a run over the real protocols, as the settings in force configure
 * the clients (embedded stand-ins, LocalStack or AWS): the workers' live layers, the two
 * Kinesis streams and the table's stream read from `start` with GetRecords per shard, the
 * verdict queue received and deleted as Lambda's SQS poller does. The campaign data
 * stream, which no worker consumes, is read with the scores stream, for the end state.
 */
export const awsSide = (options: AwsSideOptions): Effect.Effect<FlowSide, StackError | MissingSetting, Scope.Scope> =>
  Effect.gen(function* () {
    const { resources, start } = options
    const region = yield* setting(settingNames.awsRegion, AwsRegion)
    const tableName = yield* setting(settingNames.demandTable, DemandTableName)
    const bucket = yield* setting(settingNames.scoringBucket, ScoringBucketName)
    const kinesis = yield* client("KINESIS", (config) => new KinesisClient(config))
    const streams = yield* client("DYNAMODB_STREAMS", (config) => new DynamoDBStreamsClient(config))
    const dynamo = yield* client("DYNAMODB", (config) => new DynamoDBClient(config))
    const sqs = yield* client("SQS", (config) => new SQSClient(config))
    const services = yield* Layer.build(workerServices)
    const scores = yield* kinesisTail(kinesis, resources.streams.scores.name, start, options.checkpoints)
    const campaignData = yield* kinesisTail(kinesis, resources.streams.campaignData.name, start)
    const table = yield* tableStreamTail(streams, resources.tableStreamArn, start, options.checkpoints)
    const queue = yield* sqsInbox(sqs, resources.queueUrl, region, localVisibilitySeconds)
    const keeper = options.keeper ?? noKeeper
    const seen: Record<KeptStream, number> = { scoresStream: 0, campaignDataStream: 0 }
    const keep = (name: KeptStream, records: ReadonlyArray<StreamRecordOut>) => {
      const fans = records.filter((record) => !isEndOfFileData(record.data)) // end-of-file marks: a load's bookkeeping
      seen[name] += fans.length
      if (fans.length > 0) keeper.keep(name, fans)
    }
    const scoresPoll = Effect.gen(function* () {
      keep("campaignDataStream", yield* campaignData.poll)
      const records = yield* scores.poll
      keep("scoresStream", records)
      return records
    })
    const endState = Effect.gen(function* () {
      keep("campaignDataStream", yield* campaignData.poll)
      keeper.close()
      return {
        demandTable: tableContentOf(yield* retriedWhileTransient(scanTable(dynamo, tableName))),
        scoresStream: { count: seen.scoresStream },
        campaignDataStream: { count: seen.campaignDataStream },
        deadLetters: resources.dlqUrl === "" ? 0 : yield* queue.deadLetters(resources.dlqUrl)
      }
    })
    return {
      mode: options.mode,
      services,
      bucket,
      region,
      consumeWhileLoading: false,
      quietMillis: 250,
      idlePauseMillis: 250,
      scoresStream: { name: resources.streams.scores.name, poll: scoresPoll },
      tableStream: { poll: table.poll, shardOf: table.shardOf },
      verdicts: queue.inbox,
      endState
    } satisfies FlowSide
  })
