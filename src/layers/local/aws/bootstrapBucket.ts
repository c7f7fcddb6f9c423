import { CreateBucketCommand, HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3"
import { Effect } from "effect"
import { bootstrapCall, type BootstrapError, unlessThere } from "./bootstrapCall.js"

/**
 * The bucket, created unless HeadBucket finds it (outside us-east-1 with the region as its
 * location constraint). A bucket someone else owns (HeadBucket 403) is an error.
 */
export const ensureBucket = (client: S3Client, bucket: string, region: string): Effect.Effect<void, BootstrapError> =>
  Effect.gen(function* () {
    const resource = `bucket ${bucket}`
    const head = bootstrapCall(resource, "HeadBucket", (signal) =>
      client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal })
    )
    const exists = yield* head.pipe(
      Effect.as(true),
      Effect.catchIf((error) => error.code === "NotFound" || error.code === "NoSuchBucket", () => Effect.succeed(false))
    )
    if (exists) return
    const location = region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }
    yield* unlessThere("BucketAlreadyOwnedByYou")(
      bootstrapCall(resource, "CreateBucket", (signal) =>
        client.send(new CreateBucketCommand({ Bucket: bucket, ...location }), { abortSignal: signal })
      )
    )
  })
