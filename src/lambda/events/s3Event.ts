import { Either, Predicate, Schema } from "effect"
import { parseReason, type RecordReader, recordReader, stringAt, whereOf } from "./eventRecords.js"

/** Keys in S3 events are URL-encoded, with `+` for a space. */
export const decodeObjectKey = (encoded: string): Either.Either<string, string> =>
  Either.try({
    try: () => decodeURIComponent(encoded.replace(/\+/g, " ")),
    catch: () => `object key "${encoded}" is not valid URL encoding`
  })

/** The part of an S3 event notification's record the workers read. */
const S3Record = Schema.Struct({
  eventName: Schema.String,
  s3: Schema.Struct({
    bucket: Schema.Struct({ name: Schema.String }),
    object: Schema.Struct({
      key: Schema.String,
      versionId: Schema.optional(Schema.String),
      sequencer: Schema.optional(Schema.String)
    })
  })
})

const decodeRecord = Schema.decodeUnknownEither(S3Record)

/** What a record of an S3 notification asks: a new object to process, or an event of another kind (skipped). */
export type S3Notice =
  | {
      readonly _tag: "ObjectCreated"
      readonly bucket: string
      readonly key: string
      /** The object's version: its versionId, else the event's sequencer (the same on S3's redeliveries of the event). */
      readonly version?: string
    }
  | { readonly _tag: "OtherEvent"; readonly eventName: string; readonly bucket?: string; readonly key?: string }

const s3Where = whereOf({
  eventName: ["eventName"],
  eventTime: ["eventTime"],
  bucket: ["s3", "bucket", "name"],
  key: ["s3", "object", "key"],
  sequencer: ["s3", "object", "sequencer"]
})

const otherEvent = (eventName: string, record: unknown): S3Notice => {
  const bucket = stringAt(record, ["s3", "bucket", "name"])
  const key = stringAt(record, ["s3", "object", "key"])
  return { _tag: "OtherEvent", eventName, ...(bucket === undefined ? {} : { bucket }), ...(key === undefined ? {} : { key }) }
}

const noticeOf = (record: unknown): Either.Either<S3Notice, string> => {
  const eventName = stringAt(record, ["eventName"])
  if (eventName !== undefined && !eventName.startsWith("ObjectCreated:")) return Either.right(otherEvent(eventName, record))
  return Either.flatMap(parseReason(decodeRecord(record)), ({ s3 }) =>
    Either.map(decodeObjectKey(s3.object.key), (key): S3Notice => {
      const version = s3.object.versionId ?? s3.object.sequencer
      return { _tag: "ObjectCreated", bucket: s3.bucket.name, key, ...(version === undefined ? {} : { version }) }
    })
  )
}

/**
 * One record of an S3 notification: an ObjectCreated:* event with its key decoded, or an
 * event of another kind (ObjectRemoved:*, …) whatever else it holds. One without an
 * eventName, bucket or key, or whose key is not URL encoding, cannot be read.
 */
export const readS3Record: RecordReader<S3Notice> = recordReader(s3Where, noticeOf)

/** S3's `s3:TestEvent`, sent to a new notification target: `{ Service, Event, Time, Bucket, RequestId, HostId }`, no Records. */
export const isTestEvent = (event: unknown): event is Readonly<Record<string, unknown>> =>
  Predicate.isRecord(event) && event["Event"] === "s3:TestEvent" && event["Records"] === undefined

/** The inverse, as S3 writes keys into events. */
export const encodeObjectKey = (key: string): string =>
  key
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/%20/g, "+"))
    .join("/")

/** A sequencer of a new upload: hex, as S3 writes them, unique to the upload. */
const newSequencer = () => crypto.randomUUID().replace(/-/g, "").toUpperCase()

/** An S3 ObjectCreated event for one object, shaped as Lambda delivers it (a new upload's sequencer by default). */
export const objectCreatedEvent = (bucket: string, key: string, size: number, region = "us-east-1", sequencer = newSequencer()) => ({
  Records: [
    {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: region,
      eventTime: new Date().toISOString(),
      eventName: "ObjectCreated:Put",
      userIdentity: { principalId: "AWS:LOCAL" },
      requestParameters: { sourceIPAddress: "127.0.0.1" },
      responseElements: { "x-amz-request-id": "LOCAL", "x-amz-id-2": "LOCAL" },
      s3: {
        s3SchemaVersion: "1.0",
        configurationId: "scoring-files",
        bucket: { name: bucket, ownerIdentity: { principalId: "LOCAL" }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeObjectKey(key), size, eTag: "0", sequencer }
      }
    }
  ]
})
