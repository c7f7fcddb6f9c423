import { Either, Schema } from "effect"
import type { IncomingRecord } from "../../pipelines/delivery/incomingRecords.js"
import { parseReason, type RecordReader, recordReader, whereOf } from "./eventRecords.js"

/** The part of a Kinesis event's record (Lambda event source) the consumers read. */
const KinesisRecord = Schema.Struct({
  eventID: Schema.optional(Schema.String),
  kinesis: Schema.Struct({ sequenceNumber: Schema.NonEmptyString, data: Schema.String })
})

/** The shard in Lambda's eventID, `<shardId>:<sequenceNumber>`. */
const shardOfEventID = (eventID: string | undefined) => {
  const at = eventID?.lastIndexOf(":") ?? -1
  return at > 0 ? { shardId: eventID!.slice(0, at) } : {}
}

const decodeRecord = Schema.decodeUnknownEither(KinesisRecord)

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * The part the consumers read of a record as it should be, without Schema's decoder (it
 * reads every record of every batch); undefined for anything else, which Schema then reads.
 */
const plainKinesisRecord = (record: unknown): Either.Either<typeof KinesisRecord.Type, never> | undefined => {
  if (!isObject(record) || !isObject(record["kinesis"])) return undefined
  const [eventID, { sequenceNumber, data }] = [record["eventID"], record["kinesis"]]
  const fine = (eventID === undefined || typeof eventID === "string") && typeof sequenceNumber === "string" && sequenceNumber !== "" && typeof data === "string"
  return fine ? Either.right({ ...(eventID === undefined ? {} : { eventID }), kinesis: { sequenceNumber, data } }) : undefined
}

/** Standard base64 with its padding, as Lambda writes Kinesis data. */
const base64 = /^[A-Za-z0-9+/]*={0,2}$/

const dataOf = (data: string): Either.Either<Uint8Array, string> =>
  data.length % 4 === 0 && base64.test(data) ? Either.right(Buffer.from(data, "base64")) : Either.left("kinesis.data: not base64")

const kinesisWhere = whereOf({
  eventID: ["eventID"],
  sequenceNumber: ["kinesis", "sequenceNumber"],
  partitionKey: ["kinesis", "partitionKey"],
  eventSourceARN: ["eventSourceARN"]
})

/**
 * One record of a Kinesis event, its base64 data decoded; a record whose data is not a
 * fan record is refused later, by its consumer. One without a sequence number, or whose
 * data is not base64, cannot be read (nor handed back).
 */
export const readKinesisRecord: RecordReader<IncomingRecord> = recordReader(kinesisWhere, (record) =>
  Either.flatMap(plainKinesisRecord(record) ?? parseReason(decodeRecord(record)), ({ eventID, kinesis }) =>
    Either.map(dataOf(kinesis.data), (data) => ({ sequenceNumber: kinesis.sequenceNumber, data, ...shardOfEventID(eventID) }))
  )
)

/** What stream consumers answer Lambda: the records to retry (ReportBatchItemFailures). */
export interface BatchItemFailures {
  readonly batchItemFailures: ReadonlyArray<{ readonly itemIdentifier: string }>
}

export const batchItemFailures = (retry: ReadonlyArray<string>): BatchItemFailures => ({
  batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier }))
})

export interface StreamRecordOut {
  readonly partitionKey: string
  readonly data: Uint8Array
  readonly sequenceNumber: string
  readonly shardId?: string
}

/**
 * A record's data as an event carries it (base64), made once per record: the scores
 * stream's two mappings each build an event of the same records, and a string is a value.
 */
const base64Of = (() => {
  const made = new WeakMap<Uint8Array, string>()
  return (data: Uint8Array) => {
    let text = made.get(data)
    if (text === undefined) made.set(data, (text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64")))
    return text
  }
})()

/** A Kinesis event for records, shaped exactly as Lambda delivers one. */
export const kinesisEventOf = (streamName: string, records: ReadonlyArray<StreamRecordOut>, region = "us-east-1") => ({
  Records: records.map((record) => ({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: base64Of(record.data),
      approximateArrivalTimestamp: Date.now() / 1000
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${record.shardId ?? "shardId-000000000000"}:${record.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::000000000000:role/vf-workers",
    awsRegion: region,
    eventSourceARN: `arn:aws:kinesis:${region}:000000000000:stream/${streamName}`
  }))
})
