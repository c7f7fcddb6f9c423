import { CreateTableCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb"
import { CreateBucketCommand } from "@aws-sdk/client-s3"
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Stream } from "effect"
import { inject } from "vitest"
import { awsErrorFacts } from "../../src/layers/aws/awsError.js"
import { awsServiceClientConfig } from "../../src/layers/aws/clientConfig.js"
import { dynamoClient, isRetryableTableError } from "../../src/layers/aws/dynamoCalls.js"
import { isRetryablePutError, kinesisRecordStream, makeKinesisClient } from "../../src/layers/aws/KinesisRecordStream.js"
import { S3ScoringBucketLive } from "../../src/layers/aws/S3ScoringBucket.js"
import { SqsVerdictQueueLive } from "../../src/layers/aws/SqsVerdictQueue.js"
import { deliverBatch } from "../../src/pipelines/delivery/deliverRecords.js"
import { outbound } from "../../src/pipelines/delivery/recordBatches.js"
import type { StreamEntry } from "../../src/services/RecordStream.js"
import { ScoringBucket } from "../../src/services/ScoringBucket.js"
import { VerdictQueue } from "../../src/services/VerdictQueue.js"
import { call, testDynamoClient, testKinesisClient, testS3Client, testSqsClient } from "../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../support/awsTestConfig.js"
import {
  type AwsCall,
  awsFaultDecider,
  type AwsFaultKind,
  callOf,
  faultProxyScoped,
  type FaultProxyOptions,
  readinessPath
} from "../support/faults/faultProxy.js"
import { formatFaultStats } from "../support/faults/faultTally.js"
import { createActiveStream, readAllRecords } from "../support/kinesisTestStream.js"
import { awaitBodies, createQueue, receiveBodies } from "../support/sqsTestQueue.js"

const endpoints = inject("awsEndpoints")

/** A proxy for the test's scope that faults only by its script (rate 0 after it). */
const scripted = (script: ReadonlyArray<AwsFaultKind | "pass">, options: Partial<FaultProxyOptions> = {}) =>
  faultProxyScoped(endpoints, { seed: 1, rate: 0, script, ...options })

/** A small table of its own on DynamoDB Local (created directly, not through a proxy). */
const freshTable = Effect.gen(function* () {
  const client = yield* testDynamoClient(endpoints.dynamodb)
  const tableName = uniqueName("faults")
  yield* call((signal) =>
    client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "PK", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }]
      }),
      { abortSignal: signal }
    )
  )
  return { client, tableName }
})

/** The error of one PutItem sent through the repo's own DynamoDB client (one attempt per call). */
const putItemThrough = (url: string, tableName: string, pk: string) =>
  Effect.gen(function* () {
    const client = yield* dynamoClient
    return yield* Effect.flip(
      Effect.tryPromise({
        try: (signal) =>
          client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: pk }, n: { N: "1" } } }), { abortSignal: signal }),
        catch: (error) => error
      })
    )
  }).pipe(Effect.provide(awsTestConfig({ AWS_ENDPOINT_URL: url })))

const encoder = new TextEncoder()
const text = (data: Uint8Array) => new TextDecoder().decode(data)
const entriesOf = (count: number, label: string): Array<StreamEntry> =>
  Array.from({ length: count }, (_, i) => ({ partitionKey: `p${i}`, data: encoder.encode(`${label}-${i}`) }))

const someCalls: ReadonlyArray<AwsCall> = Array.from({ length: 400 }, (_, i) =>
  [
    callOf("POST", "/", "DynamoDB_20120810.PutItem"),
    callOf("POST", "/", "Kinesis_20131202.PutRecords"),
    callOf("POST", "/", "AmazonSQS.SendMessage"),
    callOf("PUT", "/bucket/scrubbed/a.csv", undefined)
  ][i % 4]!
)

describe("faultProxy", () => {
  it("decides the same faults in the same order for the same seed, others for another seed, at about the rate", () => {
    const kinds = (options: FaultProxyOptions, calls = someCalls) => {
      const decide = awsFaultDecider(options)
      return calls.map((call) => decide(call).kind)
    }
    const first = kinds({ seed: 42, rate: 0.25 })
    expect(kinds({ seed: 42, rate: 0.25 })).toEqual(first)
    expect(kinds({ seed: 43, rate: 0.25 })).not.toEqual(first)
    const faulted = first.filter((kind) => kind !== "pass").length
    expect(faulted / first.length).toBeGreaterThan(0.18)
    expect(faulted / first.length).toBeLessThan(0.32)
    expect(new Set(first)).toEqual(new Set(["pass", "throttle", "serverError", "reset", "lostReply", "latency", "recordThrottle"]))
    // Only Kinesis PutRecords gets per-record throttling.
    first.forEach((kind, i) => {
      if (kind === "recordThrottle") expect(someCalls[i]!.operation).toBe("PutRecords")
    })
    // Each service draws from its own stream: the order the services' calls interleave in does not matter.
    const dynamoOnly = someCalls.filter((call) => call.service === "dynamodb")
    const interleaved = kinds({ seed: 42, rate: 0.25 }).filter((_, i) => someCalls[i]!.service === "dynamodb")
    expect(kinds({ seed: 42, rate: 0.25 }, dynamoOnly)).toEqual(interleaved)
  })

  it("excludes control-plane calls and applies per-service rules", () => {
    const decide = awsFaultDecider({ seed: 7, rate: 1, rules: [{ service: "sqs", rate: 0 }, { operation: "GetItem", kinds: { reset: 1 } }] })
    expect(decide(callOf("POST", "/", "DynamoDB_20120810.CreateTable")).kind).toBe("excluded")
    expect(decide(callOf("POST", "/", "Kinesis_20131202.DescribeStreamSummary")).kind).toBe("excluded")
    expect(decide(callOf("PUT", "/vf-scoring", undefined)).kind).toBe("excluded")
    expect(decide(callOf("PUT", "/vf-scoring/scrubbed/a.csv", undefined)).kind).not.toBe("excluded")
    expect(decide(callOf("POST", "/", "AmazonSQS.SendMessage")).kind).toBe("pass")
    expect(decide(callOf("POST", "/", "DynamoDB_20120810.GetItem")).kind).toBe("reset")
    const custom = awsFaultDecider({ seed: 7, rate: 1, exclude: ["s3:GET", (call) => call.operation === "Query"] })
    expect(custom(callOf("GET", "/b/k", undefined)).kind).toBe("excluded")
    expect(custom(callOf("POST", "/", "DynamoDB_20120810.Query")).kind).toBe("excluded")
    expect(custom(callOf("POST", "/", "DynamoDB_20120810.CreateTable")).kind).not.toBe("excluded")
  })

  it.scopedLive("answers its own readiness, never faulted", () =>
    Effect.gen(function* () {
      const proxy = yield* faultProxyScoped(endpoints, { seed: 1, rate: 1, kinds: { reset: 1 } })
      const reply = yield* Effect.promise(() => fetch(`${proxy.url}${readinessPath}`))
      expect(reply.status).toBe(200)
      expect(proxy.stats().calls).toBe(0)
    }))

  it.scopedLive("a lost reply on a DynamoDB PutItem leaves the item written while the client saw an error its classifier retries", () =>
    Effect.gen(function* () {
      const { client, tableName } = yield* freshTable
      const proxy = yield* scripted(["lostReply"])
      const error = yield* putItemThrough(proxy.url, tableName, "lost-1")
      expect(awsErrorFacts(error).status).toBeUndefined()
      expect(isRetryableTableError(error)).toBe(true)
      const stored = yield* call((signal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: "lost-1" } }, ConsistentRead: true }), { abortSignal: signal })
      )
      expect(stored.Item).toEqual({ PK: { S: "lost-1" }, n: { N: "1" } })
      expect(proxy.decisions()).toEqual([
        { service: "dynamodb", operation: "PutItem", n: 0, kind: "lostReply", detail: "applied (200), answer lost" }
      ])
    }))

  it.scopedLive("every failure kind is retryable for the table's calls (isRetryableTableError), and not applied unless lost", () =>
    Effect.gen(function* () {
      const { client, tableName } = yield* freshTable
      const kinds: ReadonlyArray<AwsFaultKind> = ["throttle", "throttle", "throttle", "throttle", "serverError", "serverError", "serverError", "reset"]
      const proxy = yield* faultProxyScoped(endpoints, { seed: 5, rate: 0, script: kinds })
      const seen: Array<string> = []
      for (const [i] of kinds.entries()) {
        const error = yield* putItemThrough(proxy.url, tableName, `failed-${i}`)
        const facts = awsErrorFacts(error)
        seen.push(`${facts.name} ${facts.status ?? "-"}`)
        expect(isRetryableTableError(error)).toBe(true)
      }
      expect(new Set(seen)).toEqual(
        new Set([
          "ProvisionedThroughputExceededException 400",
          "ThrottlingException 400",
          "InternalServerError 500",
          "ServiceUnavailable 503",
          seen[seen.length - 1]!
        ])
      )
      expect(seen[seen.length - 1]).toMatch(/^\w+ -$/) // a reset: no status
      for (const [i] of kinds.entries()) {
        const stored = yield* call((signal) =>
          client.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: `failed-${i}` } } }), { abortSignal: signal })
        )
        expect(stored.Item).toBeUndefined()
      }
    }))

  it.scopedLive("per-record Kinesis throttling stores exactly the records not throttled; deliverBatch then puts the rest once", () =>
    Effect.gen(function* () {
      const kinesis = yield* testKinesisClient(endpoints.kinesis)
      const streamName = uniqueName("faults")
      yield* createActiveStream(kinesis, streamName, 1)
      const proxy = yield* faultProxyScoped(endpoints, { seed: 11, rate: 0, script: ["recordThrottle", "recordThrottle"] })
      const config = awsTestConfig({ AWS_ENDPOINT_URL: proxy.url })
      const stream = yield* Effect.provide(Effect.map(makeKinesisClient, (client) => kinesisRecordStream(client, streamName)), config)

      const entries = entriesOf(12, "first")
      const outcomes = yield* stream.putRecords(entries)
      const accepted = outcomes.flatMap((outcome, i) => (outcome.accepted ? [text(entries[i]!.data)] : []))
      const rejected = outcomes.flatMap((outcome) => (outcome.accepted ? [] : [outcome.errorCode]))
      expect(accepted.length).toBeGreaterThan(0)
      expect(rejected.length).toBeGreaterThan(0)
      expect(new Set(rejected)).toEqual(new Set(["ProvisionedThroughputExceededException"]))
      const storedFirst = yield* readAllRecords(kinesis, streamName)
      expect(storedFirst.map((record) => text(record.data)).sort()).toEqual([...accepted].sort())
      // Each accepted outcome names the stored record it became.
      outcomes.forEach((outcome, i) => {
        if (!outcome.accepted) return
        const record = storedFirst.find((r) => r.sequenceNumber === outcome.sequenceNumber)
        expect(record === undefined ? undefined : text(record.data)).toBe(text(entries[i]!.data))
      })
      expect(proxy.stats().recordsThrottled).toBe(rejected.length)

      // The writers' delivery retries only what was rejected: every record stored exactly once.
      const batch = Array.from({ length: 8 }, (_, i) => outbound(`p${i}`, `"second-${i}"`, i))
      const delivery = yield* deliverBatch(stream, batch, { retries: 3, baseDelay: "5 millis", maxDelay: "10 millis" })
      expect(delivery).toEqual({ accepted: 8, failed: [] })
      const second = (yield* readAllRecords(kinesis, streamName)).map((r) => text(r.data)).filter((d) => d.startsWith(`"second`))
      expect(second.sort()).toEqual(batch.map((_, i) => `"second-${i}"`).sort())
    }))

  it.scopedLive("Kinesis: every failure kind is retryable for isRetryablePutError, and the SDK's own retry absorbs one", () =>
    Effect.gen(function* () {
      const kinesis = yield* testKinesisClient(endpoints.kinesis)
      const streamName = uniqueName("faults")
      yield* createActiveStream(kinesis, streamName, 1)
      const kinds: ReadonlyArray<AwsFaultKind> = ["throttle", "serverError", "serverError", "reset", "lostReply"]
      const proxy = yield* faultProxyScoped(endpoints, { seed: 3, rate: 0, script: [...kinds, "serverError", "pass"] })
      const config = awsTestConfig({ AWS_ENDPOINT_URL: proxy.url })
      // One attempt per call, to see each error as the adapter's classifier does.
      const once = yield* Effect.acquireRelease(
        Effect.provide(Effect.map(awsServiceClientConfig("KINESIS"), (c) => new KinesisClient({ ...c, maxAttempts: 1 })), config),
        (client) => Effect.sync(() => client.destroy())
      )
      const seen: Array<string> = []
      for (const [i] of kinds.entries()) {
        const error = yield* Effect.flip(
          Effect.tryPromise({
            try: (signal) =>
              once.send(
                new PutRecordsCommand({ StreamName: streamName, Records: [{ PartitionKey: "p", Data: encoder.encode(`once-${i}`) }] }),
                { abortSignal: signal }
              ),
            catch: (error) => error
          })
        )
        const facts = awsErrorFacts(error)
        seen.push(`${facts.name} ${facts.status ?? "-"}`)
        expect(isRetryablePutError(error)).toBe(true)
      }
      expect(seen[0]).toBe("ProvisionedThroughputExceededException 400")
      expect(seen.slice(1, 3).every((s) => s === "InternalFailure 500" || s === "ServiceUnavailable 503")).toBe(true)
      expect(seen.slice(3).every((s) => s.endsWith(" -"))).toBe(true) // reset, lost reply: no status
      // The lost reply's record is stored though the call failed; the others are not.
      const stored = (yield* readAllRecords(kinesis, streamName)).map((r) => text(r.data))
      expect(stored).toEqual(["once-4"])
      // The adapter's client (the SDK's 3 attempts) gets through a 5xx by itself.
      const stream = yield* Effect.provide(Effect.map(makeKinesisClient, (client) => kinesisRecordStream(client, streamName)), config)
      const outcomes = yield* stream.putRecords(entriesOf(2, "sdk"))
      expect(outcomes.every((outcome) => outcome.accepted)).toBe(true)
    }))

  it.scopedLive("SQS and S3: the SDK's own retries absorb throttling, 5xx, resets and lost replies (a lost send is sent twice)", () =>
    Effect.gen(function* () {
      const sqs = yield* testSqsClient(endpoints.sqs)
      const queueUrl = yield* createQueue(sqs, uniqueName("faults"))
      const s3 = yield* testS3Client(endpoints.s3)
      const bucket = uniqueName("faults")
      yield* call((signal) => s3.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))
      const proxy = yield* faultProxyScoped(endpoints, {
        seed: 9,
        rate: 0,
        // SendMessage ×4, then PutObject, GetObject.
        script: ["throttle", "serverError", "pass", "reset", "pass", "lostReply", "pass", "throttle", "pass", "serverError", "pass"]
      })
      const config = awsTestConfig({ AWS_ENDPOINT_URL: proxy.url, VERDICT_QUEUE_URL: queueUrl, SCORING_BUCKET: bucket })
      const sent = yield* Effect.provide(
        Effect.gen(function* () {
          const queue = yield* VerdictQueue
          for (const count of [1, 2, 3]) yield* queue.send({ campaignId: "c1", count })
        }),
        SqsVerdictQueueLive.pipe(Layer.provide(config))
      ).pipe(Effect.either)
      expect(sent._tag).toBe("Right")
      const bodies = (yield* receiveBodies(sqs, queueUrl)).map((body) => JSON.parse(body).count).sort()
      expect(bodies).toEqual([1, 2, 3, 3])

      const bytes = yield* Effect.provide(
        Effect.gen(function* () {
          const scoring = yield* ScoringBucket
          yield* scoring.putObject("scrubbed/faults.csv", encoder.encode("a,b\r\n1,2\r\n"))
          return yield* Stream.runCollect(scoring.readObject("scrubbed/faults.csv"))
        }),
        S3ScoringBucketLive.pipe(Layer.provide(config))
      )
      expect(Buffer.concat(Chunk.toReadonlyArray(bytes)).toString("utf8")).toBe("a,b\r\n1,2\r\n")
      const kindsOf = (service: string) => proxy.decisions().filter((d) => d.service === service).map((d) => [d.operation, d.kind, d.detail])
      expect(kindsOf("s3")).toEqual([
        ["PUT", "throttle", "SlowDown 503"],
        ["PUT", "pass", undefined],
        ["GET", "serverError", expect.stringMatching(/^(InternalError 500|ServiceUnavailable 503)$/)],
        ["GET", "pass", undefined]
      ])
      expect(kindsOf("sqs").map(([, kind]) => kind)).toEqual(["throttle", "serverError", "pass", "reset", "pass", "lostReply", "pass"])
      expect(kindsOf("sqs")[0]![2]).toMatch(/^(RequestThrottled|ThrottlingException) 400$/)
    }))

  it.scopedLive("the SQS adapter retries past the SDK's 3 attempts: five faults in a row, then the message is sent once", () =>
    Effect.gen(function* () {
      const sqs = yield* testSqsClient(endpoints.sqs)
      const queueUrl = yield* createQueue(sqs, uniqueName("faults"))
      const proxy = yield* scripted(["serverError", "reset", "serverError", "throttle", "serverError", "pass"])
      const config = awsTestConfig({ AWS_ENDPOINT_URL: proxy.url, VERDICT_QUEUE_URL: queueUrl })
      yield* Effect.provide(
        Effect.flatMap(VerdictQueue, (queue) => queue.send({ campaignId: "c1", count: 1 })),
        SqsVerdictQueueLive.pipe(Layer.provide(config))
      )
      expect(proxy.stats().byOperation["sqs.SendMessage"]).toEqual({ calls: 6, injected: 5, byKind: { serverError: 3, reset: 1, throttle: 1 } })
      expect((yield* awaitBodies(sqs, queueUrl)).map((body) => JSON.parse(body))).toEqual([{ campaignId: "c1", count: 1 }])
    }))

  it.scopedLive("stats count the calls, the faults by kind, service and operation, and the records throttled", () =>
    Effect.gen(function* () {
      const { client, tableName } = yield* freshTable
      const proxy = yield* faultProxyScoped(endpoints, { seed: 21, rate: 0.5, latencyMillis: [50, 60] })
      const config = awsTestConfig({ AWS_ENDPOINT_URL: proxy.url })
      // 30 one-attempt PutItems, whatever happens to them.
      const started = Date.now()
      for (let i = 0; i < 30; i++) yield* Effect.either(putItemThrough(proxy.url, tableName, `stats-${i}`))
      // A control-plane call through the proxy: counted, never faulted.
      const direct = yield* Effect.provide(dynamoClient, config)
      yield* call((signal) =>
        direct.send(
          new CreateTableCommand({
            TableName: uniqueName("faults-excluded"),
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "PK", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }]
          }),
          { abortSignal: signal }
        )
      )
      const stats = proxy.stats()
      const decisions = proxy.decisions()
      const injected = decisions.filter((d) => d.kind !== "pass" && d.kind !== "excluded")
      expect(stats.calls).toBe(31)
      expect(stats.injected).toBe(injected.length)
      expect(stats.injected).toBeGreaterThan(5)
      expect(stats.injected).toBeLessThan(25)
      for (const kind of ["throttle", "serverError", "reset", "lostReply", "latency"] as const) {
        expect(stats.byKind[kind] ?? 0).toBe(injected.filter((d) => d.kind === kind).length)
      }
      expect(stats.byKind.recordThrottle).toBeUndefined()
      expect(stats.byOperation["dynamodb.PutItem"]).toMatchObject({ calls: 30, injected: stats.injected })
      expect(stats.byOperation["dynamodb.CreateTable"]).toEqual({ calls: 1, injected: 0, byKind: {} })
      expect(stats.byService["dynamodb"]).toMatchObject({ calls: 31, injected: stats.injected })
      // Latency delays the calls it hits by 50–60 ms each.
      expect(Date.now() - started).toBeGreaterThanOrEqual(50 * (stats.byKind.latency ?? 0))
      // What was stored is what was forwarded: passes, latencies and lost replies.
      for (const [i, decision] of decisions.slice(0, 30).entries()) {
        const stored = yield* call((signal) =>
          client.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: `stats-${i}` } } }), { abortSignal: signal })
        )
        expect([decision.kind, stored.Item !== undefined]).toEqual([decision.kind, ["pass", "latency", "lostReply"].includes(decision.kind)])
      }
      // The same seed, the same calls in the same order: the same decisions.
      const again = yield* faultProxyScoped(endpoints, { seed: 21, rate: 0.5, latencyMillis: [50, 60] })
      for (let i = 0; i < 30; i++) yield* Effect.either(putItemThrough(again.url, tableName, `again-${i}`))
      const strip = (ds: typeof decisions) => ds.slice(0, 30).map(({ kind, n, detail }) => ({ kind, n, detail: detail?.replace(/applied \(\d+\)/, "applied") }))
      expect(strip(again.decisions())).toEqual(strip(decisions))
      expect(formatFaultStats(stats, "aws")).toMatch(/^aws: 31 calls, \d+ faults \(.+\)\n {2}dynamodb\.CreateTable: 1 calls, 0 faults\n {2}dynamodb\.PutItem: 30 calls/)
    }))
})
