import { execFileSync } from "node:child_process"
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis"
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope } from "effect"
import { AwsLayer } from "../../../src/layers/aws/AwsLayer.js"
import { type AwsService, awsServiceClientConfig } from "../../../src/layers/aws/clientConfig.js"
import { freePorts } from "../../../src/local/standIns/aws/freePorts.js"
import { scopedClient } from "../../../src/local/standIns/aws/stackCall.js"
import { bootstrapResources } from "../../../src/local/standIns/aws/bootstrapResources.js"
import { type LocalAwsStack, localAwsStack } from "../../../src/local/standIns/aws/localAwsStack.js"
import { ScoresStream } from "../../../src/services/RecordStream.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { call } from "../../support/awsTestClients.js"
import { holdAPort, portIsFree, processGroupAlive, standInProcessesOfThisProcess } from "../../support/standins/standInProcesses.js"

/** SDK clients built as the workers build theirs, from the stack's settings only. */
const clientsOf = (stack: LocalAwsStack) => {
  const config = (service: AwsService) =>
    awsServiceClientConfig(service).pipe(Effect.withConfigProvider(stack.configProvider), Effect.orDie)
  return Effect.all({
    dynamo: scopedClient(Effect.map(config("DYNAMODB"), (c) => new DynamoDBClient(c))),
    kinesis: scopedClient(Effect.map(config("KINESIS"), (c) => new KinesisClient(c))),
    sqs: scopedClient(Effect.map(config("SQS"), (c) => new SQSClient(c))),
    s3: scopedClient(Effect.map(config("S3"), (c) => new S3Client({ ...c, forcePathStyle: true })))
  })
}

const expectResources = (stack: LocalAwsStack) =>
  Effect.gen(function* () {
    const { dynamo, kinesis, sqs, s3 } = yield* clientsOf(stack)
    const { resources } = stack
    const TableName = resources.demandTable
    const { Table: table } = yield* call((signal) => dynamo.send(new DescribeTableCommand({ TableName }), { abortSignal: signal }))
    expect(table?.TableStatus).toBe("ACTIVE")
    expect(table?.LatestStreamArn).toBe(stack.tableStreamArn)
    expect(table?.StreamSpecification?.StreamViewType).toBe("NEW_AND_OLD_IMAGES")
    expect(table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]).sort()).toEqual([["byCampaign", "ACTIVE"], ["byChangeDay", "ACTIVE"]])
    const ttl = yield* call((signal) => dynamo.send(new DescribeTimeToLiveCommand({ TableName }), { abortSignal: signal }))
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" })
    for (const stream of [stack.streams.scores, stack.streams.campaignData]) {
      const summary = yield* call((signal) =>
        kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream.name }), { abortSignal: signal })
      )
      expect(summary.StreamDescriptionSummary).toMatchObject({ StreamStatus: "ACTIVE", OpenShardCount: 1, StreamARN: stream.arn })
    }
    expect([stack.streams.scores.name, stack.streams.campaignData.name]).toEqual([resources.scoresStream, resources.campaignDataStream])
    const queue = yield* call((signal) =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ["All"] }), { abortSignal: signal })
    )
    expect(queue.Attributes?.["VisibilityTimeout"]).toBe("2")
    const redrive = JSON.parse(queue.Attributes?.["RedrivePolicy"] ?? "{}") as Record<string, unknown>
    expect(redrive).toMatchObject({ maxReceiveCount: 5, deadLetterTargetArn: expect.stringMatching(/:verdict-reporter-dlq$/) })
    expect(stack.dlqUrl).toMatch(/\/verdict-reporter-dlq$/)
    yield* call((signal) => s3.send(new HeadBucketCommand({ Bucket: resources.scoringBucket }), { abortSignal: signal }))
    return { sqs }
  })

/** The workers' own layers reach the stand-ins through the stack's config provider alone. */
const throughWorkerLayers = (stack: LocalAwsStack, sqs: SQSClient) =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    yield* bucket.putObject("scrubbed/hello.csv", new TextEncoder().encode("id\n"))
    const [outcome] = yield* (yield* ScoresStream).putRecords([{ partitionKey: "g1", data: new Uint8Array([1]) }])
    expect(outcome).toMatchObject({ accepted: true, shardId: expect.any(String) })
    yield* (yield* VerdictQueue).send({ campaignId: "c1", count: 1, source: "scrubbed/hello.csv" })
    const received = yield* call((signal) =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, WaitTimeSeconds: 1 }), { abortSignal: signal })
    )
    expect(received.Messages?.map((message) => JSON.parse(message.Body ?? "")).at(0)).toMatchObject({ campaignId: "c1" })
  }).pipe(Effect.provide(AwsLayer.pipe(Layer.provide(Layer.setConfigProvider(stack.configProvider)))), Effect.orDie)

const awsEnvironment = () => Object.entries(process.env).filter(([name]) => name.startsWith("AWS_"))

/** Processes in the given process groups, as ps lists them. */
const psInGroups = (groups: ReadonlyArray<number>) =>
  execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((line) => groups.includes(Number(line.trim().split(/\s+/)[1])))

describe("localAwsStack", () => {
  it.live("starts the four stand-ins, creates every resource idempotently, and leaves no process behind", () =>
    Effect.gen(function* () {
      const environmentBefore = awsEnvironment()
      const scope = yield* Scope.make()
      const stack = yield* Scope.extend(localAwsStack(), scope)
      const groups = stack.standIns.flatMap((standIn) => (standIn.processGroup === undefined ? [] : [standIn.processGroup]))
      const ports = stack.standIns.map((standIn) => Number(new URL(standIn.endpoint).port))
      yield* Effect.gen(function* () {
        expect(stack.standIns.map((standIn) => standIn.name)).toEqual(["DynamoDB Local", "kinesis-mock", "local-aws-sqs", "s3rver"])
        expect(groups).toHaveLength(2)
        expect(groups.every(processGroupAlive)).toBe(true)
        // Both launchers and the JVM carry this process's mark (so the checks below can see them).
        expect(standInProcessesOfThisProcess().length).toBeGreaterThanOrEqual(3)
        const { sqs } = yield* expectResources(stack)
        const again = yield* bootstrapResources(stack.resources).pipe(Effect.withConfigProvider(stack.configProvider))
        const { queueUrl, dlqUrl, tableStreamArn, streams } = stack
        expect(again).toEqual({ queueUrl, dlqUrl, tableStreamArn, streams })
        yield* expectResources(stack)
        yield* throughWorkerLayers(stack, sqs)
        expect(awsEnvironment()).toEqual(environmentBefore)
      }).pipe(Effect.scoped, Effect.ensuring(Scope.close(scope, Exit.void)))
      expect(groups.filter(processGroupAlive)).toEqual([])
      expect(psInGroups(groups)).toEqual([])
      expect(standInProcessesOfThisProcess()).toEqual([])
      for (const port of ports) expect(yield* Effect.promise(() => portIsFree(port))).toBe(true)
    }))

  it.live("stops the stand-ins already started when DynamoDB Local finds no java, and says so in one line", () =>
    Effect.gen(function* () {
      const [kinesis, sqs, s3] = (yield* freePorts("test", 3)) as [number, number, number]
      const error = yield* localAwsStack({
        dynamodb: { env: { PATH: "/nonexistent" } },
        kinesis: { port: kinesis },
        sqs: { port: sqs },
        s3: { port: s3 }
      }).pipe(Effect.scoped, Effect.flip)
      expect(error.message).toBe("DynamoDB Local needs Java 17 or later, and there is no java command on the PATH — run with --in-memory")
      expect(standInProcessesOfThisProcess()).toEqual([])
      for (const port of [kinesis, sqs, s3]) expect(yield* Effect.promise(() => portIsFree(port))).toBe(true)
    }))

  it.live("stops the others when a stand-in's port is taken, and names the port", () =>
    Effect.gen(function* () {
      const port = yield* holdAPort
      const error = yield* localAwsStack({ sqs: { port } }).pipe(Effect.scoped, Effect.flip)
      expect(error.message).toBe(`local-aws-sqs could not listen on 127.0.0.1:${port}: address already in use`)
      expect(standInProcessesOfThisProcess()).toEqual([])
    }).pipe(Effect.scoped))
})
