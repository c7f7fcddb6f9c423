import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { isRetryablePutError, KinesisScoresStreamLive, kinesisRecordStream, makeKinesisClient } from "../../../src/layers/aws/KinesisRecordStream.js"
import { ScoresStream, type StreamEntry } from "../../../src/services/RecordStream.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"

const endpoints = inject("awsEndpoints")
const config = awsTestConfig({ AWS_ENDPOINT_URL: endpoints.kinesis })

const encoder = new TextEncoder()
const entries: Array<StreamEntry> = Array.from({ length: 2 }, (_, i) => ({
  partitionKey: `g${i % 7}`,
  data: encoder.encode(JSON.stringify({ globalUserId: `g${i % 7}`, n: i }))
}))

/** What the record stream's contract (KinesisRecordStreamContract.test.ts) leaves out: a missing stream, the live layers, which errors are retried. */
describe("KinesisRecordStream", () => {
  it.scopedLive("fails a put to a stream that does not exist, as not retryable", () =>
    Effect.gen(function* () {
      const stream = kinesisRecordStream(yield* makeKinesisClient, uniqueName("no-such-stream"))
      const error = yield* Effect.flip(stream.putRecords(entries.slice(0, 2)))
      expect(error).toMatchObject({ _tag: "StreamPutError", retryable: false })
      expect(error.reason).toContain("ResourceNotFoundException")
    }).pipe(Effect.provide(config)))

  it.effect("is the stream SCORES_STREAM names, scores-stream by default", () =>
    Effect.gen(function* () {
      const named = yield* Effect.map(ScoresStream, (stream) => stream.streamName).pipe(
        Effect.provide(KinesisScoresStreamLive.pipe(Layer.provide(awsTestConfig({ SCORES_STREAM: "scores-blue" }))))
      )
      const fallback = yield* Effect.map(ScoresStream, (stream) => stream.streamName).pipe(
        Effect.provide(KinesisScoresStreamLive.pipe(Layer.provide(awsTestConfig({}))))
      )
      expect([named, fallback]).toEqual(["scores-blue", "scores-stream"])
    }))

  describe("isRetryablePutError", () => {
    const awsError = (name: string, status?: number) =>
      Object.assign(new Error(`${name} happened`), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } })

    it("retries throttling, service faults and network errors", () => {
      expect(isRetryablePutError(awsError("ProvisionedThroughputExceededException", 400))).toBe(true)
      expect(isRetryablePutError(awsError("ThrottlingException", 400))).toBe(true)
      expect(isRetryablePutError(awsError("KMSThrottlingException", 400))).toBe(true)
      expect(isRetryablePutError(awsError("SomethingNew", 503))).toBe(true)
      expect(isRetryablePutError(Object.assign(awsError("Odd", 400), { $retryable: {} }))).toBe(true)
      expect(isRetryablePutError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true)
    })

    it("does not retry a missing stream or a malformed request", () => {
      expect(isRetryablePutError(awsError("ResourceNotFoundException", 400))).toBe(false)
      expect(isRetryablePutError(awsError("ValidationException", 400))).toBe(false)
      expect(isRetryablePutError(awsError("AccessDeniedException", 403))).toBe(false)
    })
  })
})
