import { randomBytes } from "node:crypto"
import { CreateBucketCommand } from "@aws-sdk/client-s3"
import { describe, expect, it, layer } from "@effect/vitest"
import { Chunk, Effect, Layer, Stream } from "effect"
import { inject } from "vitest"
import { S3ScoringBucketLive } from "../../../src/layers/aws/S3ScoringBucket.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"
import { call, testS3Client } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"

const endpoints = inject("awsEndpoints")
const bucket = uniqueName("scoring")

const bucketLayer = (bucketName: string) =>
  S3ScoringBucketLive.pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoints.s3, SCORING_BUCKET: bucketName })))

const createBucket = Effect.scoped(
  Effect.flatMap(testS3Client(endpoints.s3), (client) =>
    call((signal) => client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))
  )
)

const concat = (chunks: ReadonlyArray<Uint8Array>) => Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)))

describe("S3ScoringBucket", () => {
  // Real clock: the SDK calls run against a live server.
  layer(bucketLayer(bucket), { timeout: 30_000, excludeTestServices: true })((it) => {
    it.effect("reads an object of several MiB back as a stream of many chunks, byte for byte", () =>
      Effect.gen(function* () {
        yield* createBucket
        const scoring = yield* ScoringBucket
        const body = randomBytes(6 * 1024 * 1024)
        yield* scoring.putObject("scrubbed/large.csv", body)
        const chunks = Chunk.toReadonlyArray(yield* Stream.runCollect(scoring.readObject("scrubbed/large.csv")))
        expect(chunks.length).toBeGreaterThan(1)
        expect(Math.max(...chunks.map((chunk) => chunk.byteLength))).toBeLessThan(body.byteLength)
        expect(concat(chunks).equals(body)).toBe(true)
      }))

    it.effect("puts an object and reads the same bytes back", () =>
      Effect.gen(function* () {
        const scoring = yield* ScoringBucket
        const text = "globalUserId,rank,score,isVerified\r\ng1,0,0.5,true\r\n"
        yield* scoring.putObject("scrubbed/small.csv", new TextEncoder().encode(text))
        const chunks = yield* Stream.runCollect(scoring.readObject("scrubbed/small.csv"))
        expect(concat(Chunk.toReadonlyArray(chunks)).toString("utf8")).toBe(text)
        expect(scoring.bucket).toBe(bucket)
      }))

    it.effect("fails a missing key with ObjectNotFound naming bucket and key", () =>
      Effect.gen(function* () {
        const scoring = yield* ScoringBucket
        const error = yield* Effect.flip(Stream.runDrain(scoring.readObject("scrubbed/no-such-file.csv")))
        expect(error).toMatchObject({ _tag: "ObjectNotFound", bucket, key: "scrubbed/no-such-file.csv" })
      }))
  })

  it.live("fails a missing bucket with a BucketError that says so, not ObjectNotFound", () =>
    Effect.gen(function* () {
      const scoring = yield* ScoringBucket
      const error = yield* Effect.flip(Stream.runDrain(scoring.readObject("scrubbed/any.csv")))
      expect(error._tag).toBe("BucketError")
      expect(error.message).toContain("NoSuchBucket")
    }).pipe(Effect.provide(bucketLayer(uniqueName("missing")))))
})
