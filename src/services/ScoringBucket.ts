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
