import { CreateBucketCommand, HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3"
import { Effect } from "effect"
import { stackCall, type StackError, unlessThere } from "./stackCall.js"

/**
 * The bucket, created unless HeadBucket finds it (outside us-east-1 with the region as its
 * location constraint). A bucket someone else owns (HeadBucket 403) is an error.
 */
export const ensureBucket = (client: S3Client, bucket: string, region: string): Effect.Effect<void, StackError> =>
  Effect.gen(function* () {
    const resource = `bucket ${bucket}`
    const head = stackCall(resource, "HeadBucket", (signal) =>
      client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal })
    )
    const exists = yield* head.pipe(
      Effect.as(true),
      Effect.catchIf((error) => error.code === "NotFound" || error.code === "NoSuchBucket", () => Effect.succeed(false))
    )
    if (exists) return
    const location = region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }
    yield* unlessThere("BucketAlreadyOwnedByYou")(
      stackCall(resource, "CreateBucket", (signal) =>
        client.send(new CreateBucketCommand({ Bucket: bucket, ...location }), { abortSignal: signal })
      )
    )
  })
