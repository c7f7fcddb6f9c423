import { Context } from "effect"

/**
 * How the live scoring bucket cuts what it writes (rejects files): parts of `partBytes`
 * (8 MiB unless told, at least 5 MiB), `partsInFlight` uploading at once (2 unless told).
 * A reference: S3ScoringBucketLive reads it, and a program that wants other parts provides
 * it (`Layer.succeed(S3WriteOptions, { partBytes })`). No SDK import here, so the root entry
 * can offer it without loading the S3 client.
 */
export class S3WriteOptions extends Context.Reference<S3WriteOptions>()("vf-scoring-workers/S3WriteOptions", {
  defaultValue: (): { readonly partBytes?: number; readonly partsInFlight?: number } => ({})
}) {}
