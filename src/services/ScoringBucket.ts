import { Context, type Effect, type Stream } from "effect"
import type { BucketError, ObjectNotFound } from "./errors.js"

export interface WriteOptions {
  readonly contentType?: string
}

/** What writeObject wrote: its bytes, and the parts they were sent in (1 for a single put). */
export interface WrittenObject {
  readonly bytes: number
  readonly parts: number
}

/** The S3 bucket upstream scoring drops files into. */
export class ScoringBucket extends Context.Tag("vf/ScoringBucket")<
  ScoringBucket,
  {
    readonly bucket: string
    /** The object's bytes as they arrive: never read whole. */
    readonly readObject: (key: string) => Stream.Stream<Uint8Array, ObjectNotFound | BucketError>
    readonly putObject: (key: string, body: Uint8Array) => Effect.Effect<void, BucketError>
    /**
     * Writes a body of any length as it arrives, with bounded memory (on S3: a multipart upload
     * in parts of a few MiB, a single put when it fits in one part, and no parts left behind
     * when it fails). Fails with the body's error, or a BucketError naming the operation.
     */
    readonly writeObject: <E, R>(
      key: string,
      body: Stream.Stream<Uint8Array, E, R>,
      options?: WriteOptions
    ) => Effect.Effect<WrittenObject, E | BucketError, R>
  }
>() {}

/**
 * Bytes taken from an object's body at a time: the socket gives ~16 KiB pieces, and each
 * piece is a step of the stream; taking 64 KiB at once (Readable.read(n) joins what has
 * arrived) took a tenth off loadScoresToStream fed 16 KiB pieces. Larger pieces are a
 * little faster still, and cost more memory.
 */
export const objectPieceBytes = 64 * 1024
