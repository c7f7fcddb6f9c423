import { Context, type Effect, type Stream } from "effect"
import type { BucketError, ObjectNotFound } from "./errors.js"

/** The S3 bucket upstream scoring drops files into. */
export class ScoringBucket extends Context.Tag("vf/ScoringBucket")<
  ScoringBucket,
  {
    readonly bucket: string
    /** The object's bytes as they arrive: never read whole. */
    readonly readObject: (key: string) => Stream.Stream<Uint8Array, ObjectNotFound | BucketError>
    readonly putObject: (key: string, body: Uint8Array) => Effect.Effect<void, BucketError>
  }
>() {}

/**
 * Bytes taken from an object's body at a time: the socket gives ~16 KiB pieces, and each
 * piece is a step of the stream; taking 64 KiB at once (Readable.read(n) joins what has
 * arrived) took a tenth off loadScoresToStream fed 16 KiB pieces. Larger pieces are a
 * little faster still, and cost more memory.
 */
export const objectPieceBytes = 64 * 1024
