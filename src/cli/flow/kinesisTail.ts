import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand, type _Record } from "@aws-sdk/client-kinesis"
import { Effect } from "effect"
import type { StreamRecordOut } from "../../handlers/kinesisEvent.js"
import { stackCall } from "../../layers/local/aws/stackCall.js"
import type { Checkpoints } from "./checkpoints.js"
import { allPages, type ShardApi, shardIdsOf, type ShardStart, shardTail } from "./shardTail.js"

const kinesisShards = (client: KinesisClient, streamName: string): ShardApi<_Record> => {
  const resource = `stream ${streamName}`
  const listShards = allPages(
    (token) =>
      stackCall(resource, "ListShards", (signal) =>
        client.send(new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }), { abortSignal: signal })
      ),
    (page) => page.NextToken
  ).pipe(Effect.map((pages) => pages.flatMap((page) => shardIdsOf(page.Shards))))
  return {
    resource,
    listShards,
    iterator: (shardId, position) =>
      stackCall(resource, "GetShardIterator", (signal) =>
        client.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shardId,
            ShardIteratorType: position.type,
            ...(position.type === "AFTER_SEQUENCE_NUMBER" ? { StartingSequenceNumber: position.sequenceNumber } : {})
          }),
          { abortSignal: signal }
        )
      ).pipe(Effect.map((output) => output.ShardIterator)),
    page: (iterator) =>
      stackCall(resource, "GetRecords", (signal) =>
        client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }), { abortSignal: signal })
      ).pipe(
        Effect.map((output) => ({
          records: output.Records ?? [],
          next: output.NextShardIterator,
          behind: (output.MillisBehindLatest ?? 0) > 0
        }))
      ),
    sequenceNumberOf: (record) => record.SequenceNumber ?? ""
  }
}

/** A Kinesis stream read shard by shard from `start` on: each poll gives the records put since the last one. */
export const kinesisTail = (client: KinesisClient, streamName: string, start: ShardStart, checkpoints?: Checkpoints) =>
  Effect.map(shardTail(kinesisShards(client, streamName), start, checkpoints), (tail) => ({
    poll: Effect.map(tail.poll, (read) =>
      read.map(
        ({ shardId, record }): StreamRecordOut => ({
          shardId,
          partitionKey: record.PartitionKey ?? "",
          sequenceNumber: record.SequenceNumber ?? "",
          data: record.Data ?? new Uint8Array()
        })
      )
    )
  }))
