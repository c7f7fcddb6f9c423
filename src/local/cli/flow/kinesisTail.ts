import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type _Record
} from "@aws-sdk/client-kinesis"
import { Effect } from "effect"
import type { StreamRecordOut } from "../../../lambda/events/kinesisEvent.js"
import { retriedWhileTransient, stackCall } from "../../standIns/aws/stackCall.js"
import type { Checkpoints } from "./checkpoints.js"
import { allPages, shardIdsOf } from "./shardListing.js"
import { type ShardApi, type ShardStart, shardTail } from "./shardTail.js"

const kinesisShards = (client: KinesisClient, streamName: string): ShardApi<_Record> => {
  const resource = `stream ${streamName}`
  // A lookup of the runner's own at the start: retried while it fails transiently (the shards' are, in shardTail).
  const identity = retriedWhileTransient(
    stackCall(resource, "DescribeStreamSummary", (signal) =>
      client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }), { abortSignal: signal })
    )
  ).pipe(
    Effect.map(({ StreamDescriptionSummary: summary }) => ({
      name: resource,
      // Made again under the same name, a stream keeps its ARN but not its creation time.
      incarnation: `${summary?.StreamARN ?? streamName} created ${summary?.StreamCreationTimestamp?.toISOString() ?? "at an unknown time"}`
    }))
  )
  const listShards = allPages(
    (token) =>
      stackCall(resource, "ListShards", (signal) =>
        client.send(new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }), { abortSignal: signal })
      ),
    (page) => page.NextToken
  ).pipe(Effect.map((pages) => pages.flatMap((page) => shardIdsOf(page.Shards))))
  return {
    resource,
    identity,
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
