import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { bundleHandler } from "../../infra/bundle.js"
import { objectCreatedEvent } from "../../src/lambda/events/s3Event.js"
import { call, testKinesisClient, testS3Client, testSqsClient } from "../support/awsTestClients.js"
import { testCredentials, testRegion, uniqueName } from "../support/awsTestConfig.js"
import { createActiveStream, readAllRecords } from "../support/kinesisTestStream.js"
import { isEndOfFileData } from "../../src/services/schemas/EndOfFile.js"
import { lambdaStandIn } from "../support/lambdaStandIn.js"
import { awaitBodies, createQueue } from "../support/sqsTestQueue.js"
import { scrubbedFileSummary, scrubbedFileText, scrubbedKey } from "../support/scrubbedFile.js"

/**
 * The scrubbed loader's Lambda bundle, as deployed, in a Node process of its own with only
 * the environment a function gets, against the real-protocol stand-ins: S3 in, Kinesis and
 * SQS out, its blocks decoded on the worker threads it carries.
 */

const endpoints = inject("awsEndpoints")
const run = promisify(execFile)

/** The environment of the scrubbed loader's function, its resources and stand-ins given. */
const functionEnvironment = (resources: { bucket: string; streamName: string; queueUrl: string }, more: Record<string, string> = {}) => ({
  PATH: process.env["PATH"] ?? "",
  AWS_REGION: testRegion,
  AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
  AWS_ENDPOINT_URL_S3: endpoints.s3,
  AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
  AWS_ENDPOINT_URL_SQS: endpoints.sqs,
  AWS_LAMBDA_FUNCTION_NAME: "vf-scrubbedFile",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "3538",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  SCORING_BUCKET: resources.bucket,
  SCORES_STREAM: resources.streamName,
  VERDICT_QUEUE_URL: resources.queueUrl,
  ...more
})

/**
 * One invocation of the bundle's handler in a Node process of its own, as Lambda makes it:
 * the event, and a context whose remaining time is `remainingMillis`. Gives its reply.
 */
const invokeBundle = (dir: string, cwd: string, event: unknown, env: Record<string, string>, remainingMillis = 15 * 60_000) => {
  const context = `{ getRemainingTimeInMillis: () => ${remainingMillis} }`
  const script = `const { handler } = await import(${JSON.stringify(join(dir, "index.js"))}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, ${context})))`
  return Effect.map(
    Effect.promise(() => run(process.execPath, ["--input-type=module", "-e", script], { env, cwd, maxBuffer: 64 * 1024 * 1024 })),
    ({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { files: Array<{ worker: string; result: Record<string, unknown> }> }
  )
}

/** The bundle, built into a folder of its own, and its resources on the stand-ins: a bucket holding `body` at `key`, a stream, a queue. */
const bundleWithFile = (key: string, body: string) =>
  Effect.gen(function* () {
    const out = mkdtempSync(join(tmpdir(), "vf-bundle-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(out, { recursive: true, force: true })))
    const bundle = yield* Effect.promise(() => bundleHandler("scrubbedFile", out))
    const [bucket, streamName] = [uniqueName("scoring"), uniqueName("scores")]
    const s3 = yield* testS3Client(endpoints.s3)
    const kinesis = yield* testKinesisClient(endpoints.kinesis)
    const sqs = yield* testSqsClient(endpoints.sqs)
    yield* call((signal) => s3.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))
    yield* call((signal) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }), { abortSignal: signal }))
    yield* createActiveStream(kinesis, streamName)
    const queueUrl = yield* createQueue(sqs, uniqueName("verdicts"))
    return { out, bundle, bucket, streamName, queueUrl, kinesis, sqs }
  })

describe("the scrubbedFile bundle", () => {
  it.scopedLive("loads a file of two blocks from S3 onto the stream and asks for a verdict report", () =>
    Effect.gen(function* () {
      // About 700 KB in 600 rows: two blocks of the workers' 512 KiB, few records for kinesis-mock.
      const options = { rows: 600, seed: 21, invalidEvery: 9, padding: 1100, campaignId: "c9" }
      const key = scrubbedKey("c9")
      const body = scrubbedFileText(options)
      const { out, bundle, bucket, streamName, queueUrl, kinesis, sqs } = yield* bundleWithFile(key, body)

      const event = objectCreatedEvent(bucket, key, Buffer.byteLength(body))
      const reply = yield* invokeBundle(bundle.dir, out, event, functionEnvironment({ bucket, streamName, queueUrl }))

      const summary = scrubbedFileSummary(options)
      expect(Buffer.byteLength(body)).toBeGreaterThan(512 * 1024)
      expect(reply.files).toHaveLength(1)
      expect(reply.files[0]).toMatchObject({ worker: "loadScoresToStream", result: { in: summary.rows, valid: summary.valid, invalid: summary.invalid, out: summary.fans, failed: 0 } })
      const records = (yield* readAllRecords(kinesis, streamName)).filter((record) => !isEndOfFileData(record.data))
      expect(new Set(records.map((record) => record.partitionKey)).size).toBe(summary.fans)
      const bodies = (yield* awaitBodies(sqs, queueUrl)).map((text) => JSON.parse(text))
      expect(bodies).toMatchObject([{ campaignId: "c9", count: summary.fans, source: key }])
    }), 60_000)

  it.scopedLive("near its invocation's end, invokes itself with the rest of the load, and the last invocation ends it as one run", () =>
    Effect.gen(function* () {
      // Some 1,300 fans: three batches of records, one an invocation when each is near its end.
      const options = { rows: 2_600, seed: 17, invalidEvery: 50, campaignId: "c17" }
      const key = scrubbedKey("c17")
      const body = scrubbedFileText(options)
      const { out, bundle, bucket, streamName, queueUrl, kinesis, sqs } = yield* bundleWithFile(key, body)
      const lambda = yield* lambdaStandIn()
      const env = functionEnvironment({ bucket, streamName, queueUrl }, { AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint })

      // Each invocation has less than its minute of reserve left: it puts one batch, and hands the rest on.
      let reply = yield* invokeBundle(bundle.dir, out, objectCreatedEvent(bucket, key, Buffer.byteLength(body)), env, 30_000)
      let invocations = 1
      while (lambda.calls.length > 0) {
        invocations++
        const next = lambda.calls.shift()!
        expect(next).toMatchObject({ functionName: "vf-scrubbedFile", invocationType: "Event", payload: { resume: { key } } })
        reply = yield* invokeBundle(bundle.dir, out, next.payload, env, 30_000)
      }
      const summary = scrubbedFileSummary(options)
      expect(summary.fans).toBeGreaterThan(1_000)
      expect(invocations).toBe(Math.ceil(summary.fans / 500))
      expect(reply.files[0]).toMatchObject({ worker: "loadScoresToStream", result: { in: summary.rows, valid: summary.valid, invalid: summary.invalid, out: summary.fans, failed: 0 } })
      expect(reply.files[0]!.result["continues"]).toBeUndefined()
      const records = (yield* readAllRecords(kinesis, streamName)).filter((record) => !isEndOfFileData(record.data))
      expect(records).toHaveLength(summary.fans)
      expect(new Set(records.map((record) => record.partitionKey)).size).toBe(summary.fans)
      const bodies = (yield* awaitBodies(sqs, queueUrl)).map((text) => JSON.parse(text))
      expect(bodies).toMatchObject([{ campaignId: "c17", count: summary.fans, source: key }])
    }), 90_000)
})
