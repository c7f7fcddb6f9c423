import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand
} from "@aws-sdk/client-kinesis"
import { Effect, Schedule } from "effect"
import { call } from "./awsTestClients.js"

/** A record as read back from a shard. */
export interface ReadRecord {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly partitionKey: string
  readonly data: Uint8Array
}

/** Creates a stream and waits (up to 10 s) until it is ACTIVE. */
export const createActiveStream = (client: KinesisClient, streamName: string, shardCount = 2) =>
  Effect.gen(function* () {
    yield* call((signal) => client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }), { abortSignal: signal }))
    const status = call((signal) => client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }), { abortSignal: signal })).pipe(
      Effect.map((output) => output.StreamDescriptionSummary?.StreamStatus)
    )
    yield* Effect.repeat(status, { schedule: Schedule.spaced("100 millis"), until: (current) => current === "ACTIVE" }).pipe(
      Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error(`stream ${streamName} did not become ACTIVE`) }),
      Effect.orDie
    )
  })

const readShard = (client: KinesisClient, streamName: string, shardId: string) =>
  Effect.gen(function* () {
    const start = yield* call((signal) =>
      client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }), { abortSignal: signal })
    )
    const records: Array<ReadRecord> = []
    let iterator = start.ShardIterator
    while (iterator !== undefined) {
      const page = yield* call((signal) => client.send(new GetRecordsCommand({ ShardIterator: iterator }), { abortSignal: signal }))
      const got = page.Records ?? []
      for (const r of got) records.push({ shardId, sequenceNumber: r.SequenceNumber!, partitionKey: r.PartitionKey!, data: r.Data! })
      iterator = got.length > 0 ? page.NextShardIterator : undefined
    }
    return records
  })

/** Every record of every shard of the stream, from the start. */
export const readAllRecords = (client: KinesisClient, streamName: string) =>
  Effect.gen(function* () {
    const shards = yield* call((signal) => client.send(new ListShardsCommand({ StreamName: streamName }), { abortSignal: signal }))
    const perShard = yield* Effect.forEach(shards.Shards ?? [], (shard) => readShard(client, streamName, shard.ShardId!))
    return perShard.flat()
  })
