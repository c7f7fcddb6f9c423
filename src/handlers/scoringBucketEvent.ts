import { Effect, Either, Schema } from "effect"
import type { FileOutcome } from "../pipelines/fileOutcome.js"
import { ScoringBucket } from "../services/ScoringBucket.js"
import { decodeObjectKey, S3Event } from "./s3Event.js"

export interface ScoringBucketReply {
  readonly files: ReadonlyArray<FileOutcome>
}

const decodeEvent = Schema.decodeUnknown(S3Event)

const fileOf = <R>(bucket: string, process: (key: string) => Effect.Effect<FileOutcome, never, R>) => (record: S3Event["Records"][number]) => {
  const key = decodeObjectKey(record.s3.object.key)
  if (Either.isLeft(key)) return Effect.succeed<FileOutcome>({ key: record.s3.object.key, worker: "none", error: key.left })
  if (record.s3.bucket.name !== bucket) {
    const error = `event is for bucket ${record.s3.bucket.name}, but this worker reads ${bucket} (SCORING_BUCKET)`
    return Effect.as(Effect.logError(error), { key: key.right, worker: "none", error } as FileOutcome)
  }
  return process(key.right)
}

/** Decodes an S3 notification and runs `process` (processScoringFile: each object's worker) on each object, one file after the other. */
export const handleBucketEvent = <R>(event: unknown, process: (key: string) => Effect.Effect<FileOutcome, never, R>) =>
  Effect.gen(function* () {
    const { Records } = yield* decodeEvent(event)
    const { bucket } = yield* ScoringBucket
    const files = yield* Effect.forEach(Records, fileOf(bucket, process))
    return { files } satisfies ScoringBucketReply
  })

/** The reply of a Lambda invocation: a file that failed fails it, so that S3's retries and alarms see it. */
export const failOnFailedFiles = (reply: ScoringBucketReply) => {
  const errors = reply.files.flatMap((file) => ("error" in file ? [`${file.key}: ${file.error}`] : []))
  return errors.length === 0 ? Effect.succeed(reply) : Effect.fail(new Error(errors.join("; ")))
}
