import v8 from "node:v8"
import vm from "node:vm"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Logger, LogLevel, Option, Stream } from "effect"
import { CampaignCounts, S3ScoringBucketLive, S3WriteOptions, ScoringBucket } from "vf-scoring-workers"
import { inject } from "vitest"
import { exportKey, exportVerifiedFans } from "../../examples/verifiedFansCsv/exportVerifiedFans.js"
import { createBucket, recordingS3Client } from "../layers/aws/s3RecordingClient.js"
import { awsTestConfig, uniqueName } from "../support/awsTestConfig.js"

/**
 * examples/verifiedFansCsv on S3 (s3rver), through the export map: a campaign of
 * 2,500,000 verified fans, generated page by page (no table holds them), goes out as a
 * multipart upload in 5 MiB parts, read back line for line, in memory that does not follow
 * the object's size.
 */

const fans = 2_400_000
const page = 1_000
/** Campaign `c<n>` has n fans. */
const campaignFans = (campaignId: string) =>
  Stream.unfoldChunk(0, (from) =>
    from >= Number(campaignId.slice(1))
      ? Option.none()
      : Option.some([Chunk.makeBy(page, (i) => ({ PK: `fan:g${from + i}`, SK: `campaign:${campaignId}`, campaignId, isVerified: true })), from + page] as const)
  )
const generatedCounts = Layer.succeed(CampaignCounts, {
  getCounts: () => Effect.succeed(Option.none()),
  shardPosition: () => Effect.die("not used"),
  commitCounting: () => Effect.die("not used"),
  setCounts: () => Effect.die("not used"),
  changedCampaigns: () => Effect.die("not used"),
  campaignFans
})

const endpoint = inject("awsEndpoints").s3
const bucket = uniqueName("exports")
const layer = Layer.merge(S3ScoringBucketLive.pipe(Layer.provide(Layer.succeed(S3WriteOptions, { partBytes: 5 * 1024 * 1024 }))), generatedCounts).pipe(
  Layer.provide(awsTestConfig({ SCORING_BUCKET: bucket, AWS_ENDPOINT_URL_S3: endpoint }))
)

/** A full collection: what is measured after it is what is still held. */
const gc = (() => {
  v8.setFlagsFromString("--expose-gc")
  return vm.runInNewContext("gc") as () => void
})()
const held = () => {
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

/** The most bytes held (heap and array buffers, after a collection) above where they were, every 50 ms while `effect` runs. */
const peakGrowth = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const before = held()
    let peak = 0
    const sample = setInterval(() => {
      peak = Math.max(peak, held() - before)
    }, 50)
    return Effect.map(Effect.ensuring(effect, Effect.sync(() => clearInterval(sample))), (result) => ({ result, peak }))
  })

describe("exportVerifiedFans on S3", () => {
  it.live(
    "uploads 2,400,000 fans in parts, the object read back line for line, memory flat",
    () =>
      Effect.gen(function* () {
        const { client } = yield* recordingS3Client(endpoint)
        yield* createBucket(client, bucket)
        const small = yield* peakGrowth(exportVerifiedFans(`c${fans / 4}`))
        const { result, peak } = yield* peakGrowth(exportVerifiedFans(`c${fans}`))
        expect(result.fans).toBe(fans)
        expect(result.parts).toBeGreaterThanOrEqual(10)
        // The object is over 50 MB; what the export held at once stays well under it.
        expect(result.bytes).toBeGreaterThan(50 * 1024 * 1024)
        // Flat: four times the fans (and parts) hold at most five parts more at once than a quarter did,
        // and less than the object itself (a whole object held, as bytes or text, is at least its size).
        // Alone both peaks are ~17 MB; under a busy suite an upload's parts wait longer in flight, and a
        // CI run measured 38 MB against a quarter's 17.5 MB, so the margin is wide and still far from linear.
        expect(small.result.parts).toBeGreaterThanOrEqual(3)
        expect(peak).toBeLessThan(small.peak + 25 * 1024 * 1024)
        expect(peak).toBeLessThan(result.bytes / 1.25)

        const lines = yield* (yield* ScoringBucket).readObject(exportKey(`c${fans}`)).pipe(
          Stream.decodeText(),
          Stream.splitLines,
          Stream.runFold({ count: 0, last: "" }, (seen, line) => ({ count: seen.count + 1, last: line }))
        )
        expect(lines).toEqual({ count: fans + 1, last: `globalUserId,g${fans - 1},` })
      }).pipe(Effect.provide(layer), Effect.scoped, Logger.withMinimumLogLevel(LogLevel.None)),
    120_000
  )
})
