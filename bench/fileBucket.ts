import { createReadStream } from "node:fs"
import { join } from "node:path"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Effect, Layer } from "effect"
import { BucketError } from "../src/services/errors.js"
import { ScoringBucket } from "../src/services/ScoringBucket.js"

/** A scoring bucket over a folder: an object is the file at its key, streamed in 64 KiB pieces as S3 would send it. */
export const fileBucket = (root: string, bucket = "vf-scoring") =>
  Layer.succeed(
    ScoringBucket,
    ScoringBucket.of({
      bucket,
      readObject: (key) =>
        NodeStream.fromReadable(
          () => createReadStream(join(root, key), { highWaterMark: 64 * 1024 }),
          (error) => new BucketError({ bucket, key, reason: String(error) })
        ),
      putObject: (key) => Effect.fail(new BucketError({ bucket, key, reason: "the benchmark bucket is read-only" }))
    })
  )
