import { Effect, Either, Layer, Schema } from "effect"
import { AwsLayer } from "../layers/aws/AwsLayer.js"
import { ScrubbedBlockWorkersFromConfig } from "../layers/node/ScrubbedBlockWorkers.js"
import { type FileOutcome, processScoringFile, type ScoringFileServices } from "../pipelines/processScoringFile.js"
import { ScoringBucket } from "../services/ScoringBucket.js"
import { makeLambdaHandler } from "./lambdaRuntime.js"
import { decodeObjectKey, S3Event } from "./s3Event.js"

export interface ScoringBucketReply {
  readonly files: ReadonlyArray<FileOutcome>
}

const decodeEvent = Schema.decodeUnknown(S3Event)

const fileOf = (bucket: string) => (record: S3Event["Records"][number]) => {
  const key = decodeObjectKey(record.s3.object.key)
  if (Either.isLeft(key)) return Effect.succeed<FileOutcome>({ key: record.s3.object.key, worker: "none", error: key.left })
  if (record.s3.bucket.name !== bucket) {
    const error = `event is for bucket ${record.s3.bucket.name}, but this worker reads ${bucket} (SCORING_BUCKET)`
    return Effect.as(Effect.logError(error), { key: key.right, worker: "none", error } as FileOutcome)
  }
  return processScoringFile(key.right)
}

/** Decodes an S3 notification and runs each object's worker, one file after the other. */
export const handleScoringBucketEvent = (event: unknown) =>
  Effect.gen(function* () {
    const { Records } = yield* decodeEvent(event)
    const { bucket } = yield* ScoringBucket
    const files = yield* Effect.forEach(Records, fileOf(bucket))
    return { files } satisfies ScoringBucketReply
  })

/**
 * Lambda: a file that failed fails the invocation, so that S3's retries and alarms see it.
 * Scrubbed files are decoded on worker threads when the function has more than one vCPU
 * (LOAD_DECODE_THREADS).
 */
export const handler = makeLambdaHandler(Layer.merge(AwsLayer, ScrubbedBlockWorkersFromConfig), (event) =>
  Effect.flatMap(handleScoringBucketEvent(event), (reply) => {
    const errors = reply.files.flatMap((file) => ("error" in file ? [`${file.key}: ${file.error}`] : []))
    return errors.length === 0 ? Effect.succeed(reply) : Effect.fail(new Error(errors.join("; ")))
  })
)

export type { ScoringFileServices }
