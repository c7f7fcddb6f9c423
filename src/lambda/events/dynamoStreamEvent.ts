import { marshall } from "@aws-sdk/util-dynamodb"
import { Either, Option, Schema } from "effect"
import type { DemandItem } from "../../services/schemas/FanScoreItem.js"
import type { TableChange } from "../../services/schemas/TableChange.js"
import { parseReason, type RecordReader, recordReader, whereOf } from "./eventRecords.js"
import { plainImage } from "./streamImage.js"

const Image = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** The part of a DynamoDB stream event's record (Lambda event source) the counter reads. */
const StreamRecord = Schema.Struct({
  eventID: Schema.NonEmptyString,
  eventName: Schema.Literal("INSERT", "MODIFY", "REMOVE"),
  dynamodb: Schema.Struct({
    SequenceNumber: Schema.NonEmptyString,
    Keys: Image,
    NewImage: Schema.optional(Image),
    OldImage: Schema.optional(Image)
  })
})
type StreamRecord = typeof StreamRecord.Type

const decodeRecord = Schema.decodeUnknownEither(StreamRecord)
const decodeKeys = Schema.decodeUnknownEither(Schema.Struct({ PK: Schema.String, SK: Schema.String }))

const streamWhere = whereOf({
  eventID: ["eventID"],
  eventName: ["eventName"],
  sequenceNumber: ["dynamodb", "SequenceNumber"],
  keys: ["dynamodb", "Keys"],
  eventSourceARN: ["eventSourceARN"]
})

const keysOf = (keys: StreamRecord["dynamodb"]["Keys"]) =>
  Either.flatMap(plainImage("Keys", keys), (plain) => Either.mapLeft(parseReason(decodeKeys(plain)), (reason) => `Keys: ${reason}`))

const imageOf = (name: string, image: StreamRecord["dynamodb"]["NewImage"]): Either.Either<DemandItem | undefined, string> =>
  image === undefined ? Either.right(undefined) : (plainImage(name, image) as Either.Either<DemandItem, string>)

const changeOf = ({ eventID, eventName, dynamodb }: StreamRecord): Either.Either<TableChange, string> =>
  Either.all({ keys: keysOf(dynamodb.Keys), newImage: imageOf("NewImage", dynamodb.NewImage), oldImage: imageOf("OldImage", dynamodb.OldImage) }).pipe(
    Either.map(({ keys, newImage, oldImage }) => ({
      eventID,
      eventName,
      sequenceNumber: dynamodb.SequenceNumber,
      keys,
      ...(newImage === undefined ? {} : { newImage }),
      ...(oldImage === undefined ? {} : { oldImage })
    }))
  )

/**
 * One record of a DynamoDB stream event, its keys and images unmarshalled to plain JSON
 * (an attribute without a type read as an empty map: streamImage.ts). One without an
 * eventID, sequence number or string PK and SK, or whose images do not unmarshall,
 * cannot be read.
 */
export const readTableChange: RecordReader<TableChange> = recordReader(streamWhere, (record) =>
  Either.flatMap(parseReason(decodeRecord(record)), changeOf)
)

const marshalled = (item: object) => marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true })

/** A DynamoDB stream event for changes, shaped exactly as Lambda delivers one. */
export const dynamoStreamEventOf = (tableName: string, changes: ReadonlyArray<TableChange>, region = "us-east-1") => ({
  Records: changes.map((change) => ({
    eventID: change.eventID,
    eventName: change.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshalled({ PK: change.keys.PK, SK: change.keys.SK }),
      ...(change.newImage === undefined ? {} : { NewImage: marshalled(change.newImage) }),
      ...(change.oldImage === undefined ? {} : { OldImage: marshalled(change.oldImage) }),
      SequenceNumber: change.sequenceNumber,
      SizeBytes: 100,
      StreamViewType: "NEW_AND_OLD_IMAGES"
    },
    eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/${tableName}/stream/2026-01-01T00:00:00.000`
  }))
})

/** What a DynamoDB stream event says of its shard: with a tumbling window, Lambda names it (`shardId`), and the stream (`eventSourceARN`). */
const EventShard = Schema.Struct({
  shardId: Schema.optional(Schema.NonEmptyString),
  eventSourceARN: Schema.optional(Schema.String),
  window: Schema.optional(Schema.Unknown),
  Records: Schema.optional(Schema.Array(Schema.Struct({ eventSourceARN: Schema.optional(Schema.String) })))
})
const decodeEventShard = Schema.decodeUnknownOption(EventShard)

/**
 * The shard of a delivery, as the counter names it: `<stream label>/<shard id>` (shard ids
 * are unique within one stream; a table's stream made again has a new label). Undefined
 * when the event does not name its shard (a mapping without a tumbling window).
 */
export const deliveryShardOf = (event: unknown): string | undefined => {
  const read = Option.getOrUndefined(decodeEventShard(event))
  if (read?.shardId === undefined) return undefined
  const arn = read.eventSourceARN ?? read.Records?.[0]?.eventSourceARN ?? ""
  const label = /\/stream\/([^/]+)$/.exec(arn)?.[1] ?? "stream"
  return `${label}/${read.shardId}`
}

/** Whether Lambda invoked with a tumbling window: it then wants a `state` in the reply, or counts the invocation as failed. */
export const isWindowedEvent = (event: unknown) => Option.isSome(Option.flatMap(decodeEventShard(event), (read) => Option.fromNullable(read.window)))

/**
 * The event Lambda gives the counter for records of one shard, its mapping having a tumbling
 * window: the records, and beside them the shard, the stream, the window and its state.
 */
export const windowedStreamEvent = (records: ReadonlyArray<unknown>, shardId: string, eventSourceARN: string, now = Date.now()) => {
  const start = new Date(Math.floor(now / 900_000) * 900_000)
  return {
    Records: records,
    shardId,
    eventSourceARN,
    window: { start: start.toISOString(), end: new Date(start.getTime() + 900_000).toISOString() },
    state: {},
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false
  }
}
