import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record
} from "@aws-sdk/client-dynamodb-streams"
import { Effect } from "effect"
import { stackCall } from "../../standIns/aws/stackCall.js"
import type { TableStreamRecord } from "./FlowSide.js"
import type { Checkpoints } from "./checkpoints.js"
import { allPages, shardIdsOf } from "./shardListing.js"
import { type ShardApi, type ShardStart, shardTail } from "./shardTail.js"

const tableShards = (client: DynamoDBStreamsClient, streamArn: string): ShardApi<_Record> => {
  const resource = `table stream ${streamArn}`
  // Kept under the table's ARN; the stream's ARN (its label) changes when the table or its stream is made again.
  const identity = Effect.succeed({ name: `table stream ${streamArn.replace(/\/stream\/[^/]*$/, "")}`, incarnation: streamArn })
  const listShards = allPages(
    (from) =>
      stackCall(resource, "DescribeStream", (signal) =>
        client.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(from === undefined ? {} : { ExclusiveStartShardId: from }) }), {
          abortSignal: signal
        })
      ),
    (page) => page.StreamDescription?.LastEvaluatedShardId
  ).pipe(Effect.map((pages) => pages.flatMap((page) => shardIdsOf(page.StreamDescription?.Shards))))
  return {
    resource,
    identity,
    listShards,
    iterator: (shardId, position) =>
      stackCall(resource, "GetShardIterator", (signal) =>
        client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: position.type,
            ...(position.type === "AFTER_SEQUENCE_NUMBER" ? { SequenceNumber: position.sequenceNumber } : {})
          }),
          { abortSignal: signal }
        )
      ).pipe(Effect.map((output) => output.ShardIterator)),
    page: (iterator) =>
      stackCall(resource, "GetRecords", (signal) =>
        client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }), { abortSignal: signal })
      ).pipe(Effect.map((output) => ({ records: output.Records ?? [], next: output.NextShardIterator }))),
    sequenceNumberOf: (record) => record.dynamodb?.SequenceNumber ?? ""
  }
}

/**
 * An attribute value as it came over the wire: the SDK keeps one of a type it does not
 * know as `{ $unknown: [type, value] }`, where Lambda would hand over `{ type: value }`.
 * Nothing is unmarshalled here: the handler reads (or refuses) each record on its own.
 */
const wireValue = (value: unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  const { $unknown: unknownType, M: map, L: list } = value as { $unknown?: unknown; M?: unknown; L?: unknown }
  if (Array.isArray(unknownType)) return { [String(unknownType[0])]: unknownType[1] }
  if (map !== null && typeof map === "object" && !Array.isArray(map)) return { M: wireImage(map as Record<string, unknown>) }
  if (Array.isArray(list)) return { L: list.map(wireValue) }
  return value
}

const wireImage = (image: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value)]))

const wireImages = ({ Keys, NewImage, OldImage }: NonNullable<_Record["dynamodb"]>) => ({
  ...(Keys === undefined ? {} : { Keys: wireImage(Keys) }),
  ...(NewImage === undefined ? {} : { NewImage: wireImage(NewImage) }),
  ...(OldImage === undefined ? {} : { OldImage: wireImage(OldImage) })
})

/** A stream record as Lambda hands it over: the API's record, its time in epoch seconds, the stream's ARN. */
const lambdaRecordOf = (streamArn: string) => ({ record }: { readonly record: _Record }): TableStreamRecord => {
  const { ApproximateCreationDateTime: created, ...dynamodb } = record.dynamodb ?? {}
  return {
    ...record,
    eventID: record.eventID ?? "",
    eventName: record.eventName ?? "",
    dynamodb: {
      ...(created instanceof Date ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      ...dynamodb,
      ...wireImages(dynamodb),
      SequenceNumber: dynamodb.SequenceNumber ?? ""
    },
    eventSourceARN: streamArn
  }
}

/**
 * The demand table's stream (DynamoDB Streams API) read from `start` on, its records shaped
 * as Lambda delivers them, and the shard each came from (kept beside the record, not in it).
 */
export const tableStreamTail = (client: DynamoDBStreamsClient, streamArn: string, start: ShardStart, checkpoints?: Checkpoints) =>
  Effect.map(shardTail(tableShards(client, streamArn), start, checkpoints), (tail) => {
    const shards = new WeakMap<TableStreamRecord, string>()
    const toLambda = lambdaRecordOf(streamArn)
    return {
      poll: Effect.map(tail.poll, (read) =>
        read.map((one) => {
          const record = toLambda(one)
          shards.set(record, one.shardId)
          return record
        })
      ),
      shardOf: (record: TableStreamRecord) => shards.get(record) ?? "shardId-unknown"
    }
  })
