import { Schema } from "effect"
import type { IncomingRecord } from "../pipelines/shared/incomingRecords.js"

/** The part of a Kinesis event (Lambda event source) the consumers read. */
export const KinesisEvent = Schema.Struct({
  Records: Schema.Array(
    Schema.Struct({
      eventID: Schema.optional(Schema.String),
      kinesis: Schema.Struct({ sequenceNumber: Schema.String, data: Schema.String, partitionKey: Schema.optional(Schema.String) })
    })
  )
})
export type KinesisEvent = typeof KinesisEvent.Type

/** Base64 data decoded; a record whose data is not a fan record is refused later, by its consumer. */
export const incomingRecordsOf = (event: KinesisEvent): Array<IncomingRecord> =>
  event.Records.map(({ kinesis }) => ({ sequenceNumber: kinesis.sequenceNumber, data: Buffer.from(kinesis.data, "base64") }))

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

/** A Kinesis event for records, shaped exactly as Lambda delivers one. */
export const kinesisEventOf = (streamName: string, records: ReadonlyArray<StreamRecordOut>, region = "us-east-1") => ({
  Records: records.map((record) => ({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString("base64"),
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
