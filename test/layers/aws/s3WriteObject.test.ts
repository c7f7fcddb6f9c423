import v8 from "node:v8"
import vm from "node:vm"
import { HeadObjectCommand, ListMultipartUploadsCommand } from "@aws-sdk/client-s3"
import { describe, expect, it } from "@effect/vitest"
import { Data, Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { inject } from "vitest"
import { s3ScoringBucket, S3ScoringBucketLive } from "../../../src/layers/aws/S3ScoringBucket.js"
import { S3WriteOptions } from "../../../src/layers/S3WriteOptions.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { createBucket, generatedBody, recordingS3Client, type SentCommand, sha256Of } from "./s3RecordingClient.js"

/**
 * ScoringBucket.writeObject on S3 through the real SDK over loopback: s3rver (the stand-in
 * the workers run against locally), and moto for what s3rver lacks — s3rver 3.7 answers
 * AbortMultipartUpload with 405 MethodNotAllowed and ListMultipartUploads with NotImplemented,
 * so there the abort is seen as the call the adapter made, and on moto as no upload left.
 */

const MiB = 1024 * 1024
const partBytes = 5 * MiB
const endpoints = inject("awsEndpoints")

class BodyFailed extends Data.TaggedError("BodyFailed")<{ readonly after: number }> {}

/** The adapter (5 MiB parts) over a recording client, on a bucket of its own at `endpoint`. */
const recordedBucket = (endpoint: string) =>
  Effect.gen(function* () {
    const recording = yield* recordingS3Client(endpoint)
    const bucket = uniqueName("writes")
    yield* createBucket(recording.client, bucket)
    recording.sent.length = 0
    return { ...recording, bucket, scoring: s3ScoringBucket(recording.client, bucket, { partBytes }) }
  })

const only = (sent: ReadonlyArray<SentCommand>, name: string) => sent.filter((command) => command.name === name)

/** A body of `bytes` random bytes, then `rest`. */
const bodyThen = <E>(bytes: number, rest: Stream.Stream<Uint8Array, E>) => Stream.concat(generatedBody(bytes).body, rest)

const untilSent = (names: () => ReadonlyArray<string>, name: string) =>
  Effect.repeat(Effect.sync(() => names().includes(name)), { until: (seen) => seen, schedule: Schedule.spaced("20 millis") })

describe("writeObject on S3 (s3rver)", { timeout: 60_000 }, () => {
  it.scopedLive("sends 12 MiB of 64 KiB pieces as 3 parts of 5 MiB, completed with their ETags in order, read back the same", () =>
    Effect.gen(function* () {
      const { scoring, sent, names, maxInFlight } = yield* recordedBucket(endpoints.s3)
      const generated = generatedBody(12 * MiB)
      const written = yield* scoring.writeObject("scored/twelve.csv", generated.body)
      expect(written).toEqual({ bytes: 12 * MiB, parts: 3 })
      expect(names()[0]).toBe("CreateMultipartUpload")
      expect(names().slice(1).sort()).toEqual(["CompleteMultipartUpload", "UploadPart", "UploadPart", "UploadPart"])
      expect(names().at(-1)).toBe("CompleteMultipartUpload")
      const etags = new Map(only(sent, "UploadPart").map((part) => [part.partNumber, part.etag]))
      expect(only(sent, "CompleteMultipartUpload")[0]!.parts).toEqual([1, 2, 3].map((n) => ({ PartNumber: n, ETag: etags.get(n) })))
      expect(maxInFlight()).toBeLessThanOrEqual(2)
      expect(yield* sha256Of(scoring.readObject("scored/twelve.csv"))).toBe(generated.sha256())
    }))

  it.scopedLive("writes a body shorter than a part with one PutObject, with its content type", () =>
    Effect.gen(function* () {
      const { scoring, names, client, bucket } = yield* recordedBucket(endpoints.s3)
      const text = "globalUserId,score\r\ng1,0.5\r\ng2,0.7\r\n"
      const pieces = [text.slice(0, 10), text.slice(10, 25), text.slice(25)].map((piece) => new TextEncoder().encode(piece))
      const written = yield* scoring.writeObject("scored/small.csv", Stream.fromIterable(pieces), { contentType: "text/csv" })
      expect(written).toEqual({ bytes: text.length, parts: 1 })
      expect(names()).toEqual(["PutObject"])
      const head = yield* Effect.promise(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: "scored/small.csv" })))
      expect(head.ContentType).toBe("text/csv")
      const read = yield* Stream.runCollect(Stream.decodeText(scoring.readObject("scored/small.csv")))
      expect(Array.from(read).join("")).toBe(text)
    }))

  it.scopedLive("writes exactly one part, or nothing, with one PutObject; one byte more is two parts", () =>
    Effect.gen(function* () {
      const { scoring, sent, names } = yield* recordedBucket(endpoints.s3)
      expect(yield* scoring.writeObject("scored/one-part.csv", generatedBody(partBytes).body)).toEqual({ bytes: partBytes, parts: 1 })
      expect(yield* scoring.writeObject("scored/empty.csv", Stream.empty)).toEqual({ bytes: 0, parts: 1 })
      expect(names()).toEqual(["PutObject", "PutObject"])
      expect(yield* sha256Of(scoring.readObject("scored/empty.csv"))).toBe(yield* sha256Of(Stream.empty))
      sent.length = 0
      const generated = generatedBody(partBytes + 1)
      expect(yield* scoring.writeObject("scored/two-parts.csv", generated.body)).toEqual({ bytes: partBytes + 1, parts: 2 })
      expect(only(sent, "CompleteMultipartUpload")[0]!.parts).toHaveLength(2)
      expect(yield* sha256Of(scoring.readObject("scored/two-parts.csv"))).toBe(generated.sha256())
    }))

  it.scopedLive("fails with the body's error when it fails after 6 MiB, and aborts the upload it had begun", () =>
    Effect.gen(function* () {
      const { scoring, sent, names } = yield* recordedBucket(endpoints.s3)
      const error = yield* Effect.flip(scoring.writeObject("scored/broken.csv", bodyThen(6 * MiB, Stream.fail(new BodyFailed({ after: 6 * MiB })))))
      expect(error).toEqual(new BodyFailed({ after: 6 * MiB }))
      expect(names()).toEqual(["CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"])
      const [part, abort] = [only(sent, "UploadPart")[0]!, only(sent, "AbortMultipartUpload")[0]!]
      expect(abort.uploadId).toBe(part.uploadId)
      // s3rver has no AbortMultipartUpload: the adapter logs that the parts are left, and fails with the body's error all the same.
      expect(abort.error).toBe("MethodNotAllowed")
      expect((yield* Effect.flip(Stream.runDrain(scoring.readObject("scored/broken.csv"))))._tag).toBe("ObjectNotFound")
    }))

  it.scopedLive("fails with a BucketError naming the key and the part S3 refused, and aborts", () =>
    Effect.gen(function* () {
      const { scoring, sent, failWhen } = yield* recordedBucket(endpoints.s3)
      failWhen((name, input) => (name === "UploadPart" && input["PartNumber"] === 2 ? 400 : undefined))
      const error = yield* Effect.flip(scoring.writeObject("scored/refused.csv", generatedBody(12 * MiB).body))
      expect(error).toMatchObject({ _tag: "BucketError", key: "scored/refused.csv" })
      expect(error.message).toContain("UploadPart 2: InvalidRequest (HTTP 400)")
      expect(only(sent, "UploadPart").filter((part) => part.partNumber === 2)).toHaveLength(1) // a 400 is not retried
      expect(only(sent, "AbortMultipartUpload")).toHaveLength(1)
      expect(only(sent, "CompleteMultipartUpload")).toHaveLength(0)
    }))

  it.scopedLive("sends a part again after a transient refusal (503 SlowDown) and completes", () =>
    Effect.gen(function* () {
      const { scoring, sent, failWhen } = yield* recordedBucket(endpoints.s3)
      let refusals = 0
      failWhen((name, input) => (name === "UploadPart" && input["PartNumber"] === 1 && refusals++ === 0 ? 503 : undefined))
      const generated = generatedBody(11 * MiB)
      expect(yield* scoring.writeObject("scored/retried.csv", generated.body)).toEqual({ bytes: 11 * MiB, parts: 3 })
      expect(only(sent, "UploadPart").filter((part) => part.partNumber === 1).map((part) => part.error)).toEqual(["injected 503", undefined])
      expect(yield* sha256Of(scoring.readObject("scored/retried.csv"))).toBe(generated.sha256())
    }))

  it.scopedLive("aborts the upload when the write is interrupted", () =>
    Effect.gen(function* () {
      const { scoring, sent, names } = yield* recordedBucket(endpoints.s3)
      const fiber = yield* Effect.fork(scoring.writeObject("scored/interrupted.csv", bodyThen(6 * MiB, Stream.never)))
      yield* untilSent(names, "UploadPart")
      yield* Fiber.interrupt(fiber)
      expect(names()).toEqual(["CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"])
      expect(only(sent, "AbortMultipartUpload")[0]!.uploadId).toBe(only(sent, "UploadPart")[0]!.uploadId)
    }))
})

describe("writeObject on S3 (moto)", { timeout: 60_000 }, () => {
  it.scopedLive("leaves no multipart upload when the body fails, and completes one moto checks part by part", () =>
    Effect.gen(function* () {
      const { scoring, client, bucket, names } = yield* recordedBucket(motoEndpoint())
      const uploads = Effect.promise(() => client.send(new ListMultipartUploadsCommand({ Bucket: bucket })))
      yield* Effect.flip(scoring.writeObject("scored/broken.csv", bodyThen(6 * MiB, Stream.fail(new BodyFailed({ after: 6 * MiB })))))
      expect(names()).toEqual(["CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"])
      expect((yield* uploads).Uploads ?? []).toEqual([])
      const generated = generatedBody(12 * MiB)
      expect(yield* scoring.writeObject("scored/twelve.csv", generated.body)).toEqual({ bytes: 12 * MiB, parts: 3 })
      expect(yield* sha256Of(scoring.readObject("scored/twelve.csv"))).toBe(generated.sha256())
      expect((yield* uploads).Uploads ?? []).toEqual([])
    }))
})

/**
 * ArrayBuffer bytes (what the parts are) after a full collection. The count lags: buffers
 * freed by a collection are swept off it a little later, so a sample may count a part or two
 * already dropped (the figure is an upper bound); the base is taken once that has settled.
 */
const gc = (() => {
  v8.setFlagsFromString("--expose-gc")
  return vm.runInNewContext("gc") as () => void
})()
const liveArrayBuffers = () => (gc(), process.memoryUsage().arrayBuffers)
const settledArrayBuffers = Effect.promise(async () => {
  gc()
  await new Promise((resolve) => setTimeout(resolve, 200))
  return liveArrayBuffers()
})

describe("writeObject's memory", { timeout: 120_000 }, () => {
  const bucket = uniqueName("memory")
  const layer = S3ScoringBucketLive.pipe(Layer.provide(Layer.succeed(S3WriteOptions, { partBytes })), Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoints.s3, SCORING_BUCKET: bucket })))
  it.live("holds about three parts while 64 MiB go up in 5 MiB parts (the layer's own client)", () =>
    Effect.gen(function* () {
      yield* Effect.scoped(Effect.flatMap(recordingS3Client(endpoints.s3), ({ client }) => createBucket(client, bucket)))
      const scoring = yield* ScoringBucket
      const base = { arrayBuffers: yield* settledArrayBuffers, rss: process.memoryUsage().rss }
      const peak = { arrayBuffers: 0, rss: 0 }
      let pieces = 0
      const sample = Effect.sync(() => {
        if (++pieces % 40 !== 0) return
        peak.arrayBuffers = Math.max(peak.arrayBuffers, liveArrayBuffers() - base.arrayBuffers)
        peak.rss = Math.max(peak.rss, process.memoryUsage().rss - base.rss)
      })
      const generated = generatedBody(64 * MiB)
      const started = Date.now()
      const written = yield* scoring.writeObject("scored/sixty-four.csv", Stream.tap(generated.body, () => sample))
      const seconds = (Date.now() - started) / 1000
      console.log(
        `writeObject 64 MiB in 5 MiB parts: ${seconds.toFixed(1)} s, peak live arrayBuffers +${(peak.arrayBuffers / MiB).toFixed(1)} MiB, rss +${(peak.rss / MiB).toFixed(1)} MiB`
      )
      expect(written).toEqual({ bytes: 64 * MiB, parts: 13 })
      expect(peak.arrayBuffers).toBeLessThan(40 * 1000 * 1000)
    }).pipe(Effect.provide(layer)))
})
