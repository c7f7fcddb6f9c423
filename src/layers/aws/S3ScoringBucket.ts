import { Readable } from "node:stream"
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Effect, Layer, Stream } from "effect"
import { BucketError, type MissingSetting, ObjectNotFound } from "../../services/errors.js"
import { objectPieceBytes, ScoringBucket } from "../../services/ScoringBucket.js"
import { ScoringBucketName, setting } from "../../services/Settings.js"
import { awsErrorFacts, describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"
import { defaultMultipartOptions, minPartBytes, type MultipartOptions, writeMultipart } from "./s3MultipartUpload.js"
import { S3WriteOptions } from "../S3WriteOptions.js"
import { sendRetried } from "./transientRetry.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/**
 * An S3 client for the lifetime of the scope. With an endpoint override (AWS_ENDPOINT_URL_S3
 * or AWS_ENDPOINT_URL: an emulator) buckets are addressed by path: `<bucket>.localhost`
 * does not resolve everywhere.
 */
const s3Client = Effect.acquireRelease(
  Effect.map(awsServiceClientConfig("S3"), (config) => new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined })),
  (client) => Effect.sync(() => client.destroy())
)


/** A missing key is NoSuchKey (GET) or a bare 404 (HEAD); a missing bucket is a BucketError. */
const isMissingObject = (error: unknown) => {
  const { name, status } = awsErrorFacts(error)
  return name === "NoSuchKey" || (status === 404 && name !== "NoSuchBucket")
}

/** How writeObject cuts a body: parts of 8 MiB, 2 uploading at once, unless told otherwise. */
export type S3ScoringBucketOptions = Partial<MultipartOptions>

const multipartOptions = (options: S3ScoringBucketOptions): MultipartOptions => {
  const chosen = { ...defaultMultipartOptions, ...options }
  if (!Number.isInteger(chosen.partBytes) || chosen.partBytes < minPartBytes) throw new RangeError(`partBytes: at least ${minPartBytes}`)
  if (!Number.isInteger(chosen.partsInFlight) || chosen.partsInFlight < 1) throw new RangeError("partsInFlight: at least 1")
  return chosen
}

/** The scoring bucket over a client of the caller's (S3ScoringBucketLive makes its own). */
export const s3ScoringBucket = (client: S3Client, bucket: string, options: S3ScoringBucketOptions = {}) => {
  const multipart = multipartOptions(options)
  const bucketError = (key: string) => (error: unknown) => new BucketError({ bucket, key, reason: describeAwsError(error) })

  const openObject = (key: string) =>
    sendRetried(
      (signal) => client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
      (error) => (isMissingObject(error) ? new ObjectNotFound({ bucket, key }) : bucketError(key)(error))
    ).pipe(
      Effect.filterOrFail(
        (output): output is typeof output & { Body: Readable } => output.Body instanceof Readable,
        () => new BucketError({ bucket, key, reason: "GetObject returned no readable body" })
      )
    )

  return ScoringBucket.of({
    bucket,
    readObject: (key) =>
      Stream.unwrap(
        Effect.map(openObject(key), (output) =>
          NodeStream.fromReadable<BucketError>(() => output.Body, bucketError(key), { chunkSize: objectPieceBytes })
        )
      ),
    putObject: (key, body) =>
      sendRetried(
        (signal) =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength }), {
            abortSignal: signal
          }),
        bucketError(key)
      ).pipe(Effect.asVoid),
    writeObject: (key, body, options) => writeMultipart(client, bucket, key, body, options?.contentType, multipart)
  })
}

/** The scoring bucket (SCORING_BUCKET) on S3, writing in parts as S3WriteOptions says. */
export const S3ScoringBucketLive: Layer.Layer<ScoringBucket, MissingSetting> = Layer.scoped(
  ScoringBucket,
  Effect.gen(function* () {
    const bucket = yield* setting(settingNames.scoringBucket, ScoringBucketName)
    const options = yield* S3WriteOptions
    const client = yield* s3Client
    return withPortSpans(portName(ScoringBucket), s3ScoringBucket(client, bucket, options))
  })
)
