import { Either, Schema } from "effect"

/** The part of an S3 event notification the workers read. */
export const S3Event = Schema.Struct({
  Records: Schema.Array(
    Schema.Struct({
      eventName: Schema.optional(Schema.String),
      s3: Schema.Struct({
        bucket: Schema.Struct({ name: Schema.String }),
        object: Schema.Struct({ key: Schema.String, size: Schema.optional(Schema.Number) })
      })
    })
  )
})
export type S3Event = typeof S3Event.Type

/** Keys in S3 events are URL-encoded, with `+` for a space. */
export const decodeObjectKey = (encoded: string): Either.Either<string, string> =>
  Either.try({
    try: () => decodeURIComponent(encoded.replace(/\+/g, " ")),
    catch: () => `object key "${encoded}" is not valid URL encoding`
  })

/** The inverse, as S3 writes keys into events. */
export const encodeObjectKey = (key: string): string =>
  key
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/%20/g, "+"))
    .join("/")

/** An S3 ObjectCreated event for one object, shaped as Lambda delivers it. */
export const objectCreatedEvent = (bucket: string, key: string, size: number, region = "us-east-1") => ({
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
        object: { key: encodeObjectKey(key), size, eTag: "0", sequencer: "0" }
      }
    }
  ]
})
