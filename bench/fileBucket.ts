import { createReadStream } from "node:fs"
import { join } from "node:path"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Effect, Layer, Stream } from "effect"
import { BucketError } from "../src/services/errors.js"
import { objectPieceBytes, ScoringBucket } from "../src/services/ScoringBucket.js"

/**
 * A scoring bucket over a folder: an object is the file at its key, streamed as the S3
 * adapter streams an object (pieces read from the file as the disk gives them, taken in
 * objectPieceBytes). What a worker writes (a rejects file) is taken whole, as an upload
 * would take it, and dropped: the workers' cost of writing it is measured, not the disk's.
 */
export const fileBucket = (root: string, bucket = "vf-scoring") =>
  Layer.succeed(
    ScoringBucket,
    ScoringBucket.of({
      bucket,
      readObject: (key) =>
        NodeStream.fromReadable(
          () => createReadStream(join(root, key), { highWaterMark: Number(process.env["VF_BENCH_PIECE"] ?? 64 * 1024) }),
          (error) => new BucketError({ bucket, key, reason: String(error) }),
          { chunkSize: objectPieceBytes }
        ),
      putObject: (key) => Effect.fail(new BucketError({ bucket, key, reason: "the benchmark bucket is read-only" })),
      writeObject: (_key, body) =>
        Stream.runFold(body, { bytes: 0, parts: 0 }, (written, piece) => ({ bytes: written.bytes + piece.length, parts: written.parts + 1 }))
    })
  )
