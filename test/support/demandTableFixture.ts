import {
  type AttributeValue,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand
} from "@aws-sdk/client-dynamodb"
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand
} from "@aws-sdk/client-dynamodb-streams"
import { unmarshall } from "@aws-sdk/util-dynamodb"
import { Context, Effect, Layer, Schedule } from "effect"
import { demandTableDefinition, demandTableTimeToLive } from "../../src/layers/aws/demandTableDefinition.js"
import { call, testDynamoClient, testDynamoStreamsClient } from "./awsTestClients.js"

/** A change of the table as its stream tells it, images as plain JSON. */
export interface TableChange {
  readonly eventID: string
  readonly sequenceNumber: string
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE"
  readonly keys: Record<string, unknown>
  readonly oldImage?: Record<string, unknown>
  readonly newImage?: Record<string, unknown>
}

/** A demand table of its own for one test file, and the means to inspect it. */
export class DemandTableFixture extends Context.Tag("test/DemandTableFixture")<
  DemandTableFixture,
  {
    readonly tableName: string
    /** A plain client, for writes of "someone else" and reads beside the layer under test. */
    readonly client: DynamoDBClient
    /** Every record of the table's stream so far, oldest first. */
    readonly changes: Effect.Effect<ReadonlyArray<TableChange>>
  }
>() {}

const plain = (image: Record<string, unknown> | undefined) =>
  image === undefined ? undefined : unmarshall(image as Record<string, AttributeValue>)

/** The demand table's definition (keys, stream with both images, byCampaign index, TTL); waits (up to 10 s) until ACTIVE. */
const createTable = (client: DynamoDBClient, tableName: string) =>
  Effect.gen(function* () {
    yield* call((signal) => client.send(new CreateTableCommand(demandTableDefinition(tableName)), { abortSignal: signal }))
    const describe = call((signal) => client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal }))
    const active = describe.pipe(
      Effect.map((output) => output.Table),
      Effect.filterOrFail(
        (table) =>
          table?.TableStatus === "ACTIVE" &&
          table.LatestStreamArn !== undefined &&
          (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE")
      )
    )
    const table = yield* Effect.retry(active, Schedule.spaced("50 millis")).pipe(
      Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error(`table ${tableName} did not become ACTIVE`) }),
      Effect.orDie
    )
    yield* call((signal) =>
      client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: demandTableTimeToLive }), {
        abortSignal: signal
      })
    )
    return table!.LatestStreamArn!
  })

const readShard = (streams: DynamoDBStreamsClient, streamArn: string, shardId: string) =>
  Effect.gen(function* () {
    const start = yield* call((signal) =>
      streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }), {
        abortSignal: signal
      })
    )
    const changes: Array<TableChange> = []
    let iterator = start.ShardIterator
    while (iterator !== undefined) {
      const page = yield* call((signal) => streams.send(new GetRecordsCommand({ ShardIterator: iterator }), { abortSignal: signal }))
      for (const { eventID, eventName, dynamodb } of page.Records ?? []) {
        const oldImage = plain(dynamodb?.OldImage)
        const newImage = plain(dynamodb?.NewImage)
        changes.push({
          eventID: eventID!,
          sequenceNumber: dynamodb!.SequenceNumber!,
          eventName: eventName!,
          keys: plain(dynamodb?.Keys) ?? {},
          ...(oldImage === undefined ? {} : { oldImage }),
          ...(newImage === undefined ? {} : { newImage })
        })
      }
      iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined
    }
    return changes
  })

/** Every record of every shard of the stream, from the start (shards in the order described). */
const readStream = (streams: DynamoDBStreamsClient, streamArn: string) =>
  Effect.gen(function* () {
    const described = yield* call((signal) => streams.send(new DescribeStreamCommand({ StreamArn: streamArn }), { abortSignal: signal }))
    const shards = described.StreamDescription?.Shards ?? []
    const perShard = yield* Effect.forEach(shards, (shard) => readShard(streams, streamArn, shard.ShardId!))
    return perShard.flat()
  })

/** Creates the table on the DynamoDB endpoint for the layer's lifetime, deleted after. */
export const demandTableFixture = (endpoint: string, tableName: string): Layer.Layer<DemandTableFixture> =>
  Layer.scoped(
    DemandTableFixture,
    Effect.gen(function* () {
      const client = yield* testDynamoClient(endpoint)
      const streams = yield* testDynamoStreamsClient(endpoint)
      const streamArn = yield* createTable(client, tableName)
      yield* Effect.addFinalizer(() =>
        Effect.promise(() => client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined))
      )
      return { tableName, client, changes: readStream(streams, streamArn) }
    })
  )
