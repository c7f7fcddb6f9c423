import { Readable } from "node:stream"
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Config, Effect, Layer, Option, Stream } from "effect"
import { BucketError, type MissingSetting, ObjectNotFound } from "../../services/errors.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { ScoringBucketName, setting } from "../../services/Settings.js"
import { awsErrorFacts, describeAwsError } from "./awsError.js"
import { awsClientConfig } from "./clientConfig.js"

/** The SDK's own S3 endpoint override, which it reads itself when no endpoint is given. */
const S3EndpointUrl = Config.option(Config.string("AWS_ENDPOINT_URL_S3"))

/**
 * An S3 client for the lifetime of the scope. With an endpoint override (an emulator)
 * buckets are addressed by path: `<bucket>.localhost` does not resolve everywhere.
 */
const s3Client = Effect.acquireRelease(
  Effect.gen(function* () {
    const config = yield* awsClientConfig
    const s3Endpoint = yield* setting("AWS_ENDPOINT_URL_S3", S3EndpointUrl)
    return new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined || Option.isSome(s3Endpoint) })
  }),
  (client) => Effect.sync(() => client.destroy())
)

/** A missing key is NoSuchKey (GET) or a bare 404 (HEAD); a missing bucket is a BucketError. */
const isMissingObject = (error: unknown) => {
  const { name, status } = awsErrorFacts(error)
  return name === "NoSuchKey" || (status === 404 && name !== "NoSuchBucket")
}

const makeScoringBucket = (client: S3Client, bucket: string) => {
  const bucketError = (key: string) => (error: unknown) => new BucketError({ bucket, key, reason: describeAwsError(error) })

  const openObject = (key: string) =>
    Effect.tryPromise({
      try: (signal) => client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
      catch: (error) => (isMissingObject(error) ? new ObjectNotFound({ bucket, key }) : bucketError(key)(error))
    }).pipe(
      Effect.filterOrFail(
        (output): output is typeof output & { Body: Readable } => output.Body instanceof Readable,
        () => new BucketError({ bucket, key, reason: "GetObject returned no readable body" })
      )
    )

  return ScoringBucket.of({
    bucket,
    readObject: (key) =>
      Stream.unwrap(
        Effect.map(openObject(key), (output) => NodeStream.fromReadable<BucketError>(() => output.Body, bucketError(key)))
      ),
    putObject: (key, body) =>
      Effect.tryPromise({
        try: (signal) =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength }), {
            abortSignal: signal
          }),
        catch: bucketError(key)
      }).pipe(Effect.asVoid)
  })
}

/** The scoring bucket (SCORING_BUCKET) on S3. */
export const S3ScoringBucketLive: Layer.Layer<ScoringBucket, MissingSetting> = Layer.scoped(
  ScoringBucket,
  Effect.gen(function* () {
    const bucket = yield* setting("SCORING_BUCKET", ScoringBucketName)
    const client = yield* s3Client
    return makeScoringBucket(client, bucket)
  })
)
