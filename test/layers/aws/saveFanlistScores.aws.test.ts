import { PutObjectCommand, CreateBucketCommand } from "@aws-sdk/client-s3"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { isFanItemKey, type ItemKey } from "../../../src/services/schemas/FanScoreItem.js"
import { AwsLayer } from "../../../src/layers/aws/AwsLayer.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { call, testKinesisClient, testS3Client, testSqsClient } from "../../support/awsTestClients.js"
import { awsTestConfig, serviceEndpointSettings, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"
import { createActiveStream, readAllRecords } from "../../support/kinesisTestStream.js"
import { awaitBodies, createQueue } from "../../support/sqsTestQueue.js"

const endpoints = inject("awsEndpoints")
const key = "fanlist/scored/c8/20261121T1000.csv"
const csv = "globalUserId,memberId,email,score,isVerified\ng1,,,0.9,\n,m2,,0.8,false\n,,Z@Y.io,0.7,\ng1,,,0.95,\n,,bad-email,0.6,\n"

describe("saveFanlistScores on the AWS layer", () => {
  it.scopedLive("upserts to DynamoDB Local, puts the held items on kinesis-mock and asks SQS for a report; a re-run writes nothing", () =>
    Effect.gen(function* () {
      const [bucket, streamName, table] = [uniqueName("fanlists"), uniqueName("campaign-data"), uniqueName("demand")]
      const s3 = yield* testS3Client(endpoints.s3)
      const kinesis = yield* testKinesisClient(endpoints.kinesis)
      const sqs = yield* testSqsClient(endpoints.sqs)
      yield* call((signal) => s3.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))
      yield* call((signal) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: csv }), { abortSignal: signal }))
      yield* createActiveStream(kinesis, streamName, 1)
      const queueUrl = yield* createQueue(sqs, uniqueName("verdicts"))
      const fixture = yield* Layer.build(demandTableFixture(endpoints.dynamodb, table))
      const { changes } = yield* Effect.provide(DemandTableFixture, fixture)
      // Changes of fan items (the run's progress item, `meta:run:…`, is the table's bookkeeping).
      const fanChanges = Effect.map(changes, (all) => [...all].filter((change) => isFanItemKey(change.keys as unknown as ItemKey)))

      const config = awsTestConfig({
        ...serviceEndpointSettings(endpoints),
        SCORING_BUCKET: bucket,
        CAMPAIGN_DATA_STREAM: streamName,
        DEMAND_TABLE: table,
        VERDICT_QUEUE_URL: queueUrl
      })
      const run = saveFanlistScores(key).pipe(Effect.provide(AwsLayer), Effect.provide(config))
      const result = yield* run
      expect(result).toMatchObject({
        campaignId: "c8",
        input: { in: 5, invalid: 1, duplicate: 1, valid: 3 },
        dynamo: { in: 3, failed: 0, out: 3 },
        stream: { in: 3, failed: 0, out: 3 }
      })
      // Stream records of different items come from different shards: no order between them.
      const inserted = (yield* fanChanges).sort((a, b) => String(a.keys.PK).localeCompare(String(b.keys.PK)))
      expect(inserted.map((c) => [c.eventName, c.keys.PK])).toEqual([
        ["INSERT", "email:z@y.io"],
        ["INSERT", "fan:g1"],
        ["INSERT", "sid:m2"]
      ])
      expect(inserted[1]!.newImage).toMatchObject({ campaignId: "c8", globalUserId: "g1", score: 0.95, isVerified: true, source: "fanlist" })

      const records = yield* readAllRecords(kinesis, streamName)
      expect(records.map((r) => r.partitionKey)).toEqual(["g1", "m2", "z@y.io"]) // one shard: put order
      expect(JSON.parse(new TextDecoder().decode(records[1]!.data))).toMatchObject({ memberId: "m2", isVerified: false, __meta: { source: `s3://${bucket}/${key}` } })
      expect((yield* awaitBodies(sqs, queueUrl)).map((body) => JSON.parse(body))).toMatchObject([{ campaignId: "c8", count: 3, source: key }])

      const again = yield* run
      expect(again.dynamo.out).toBe(3)
      expect(yield* fanChanges).toHaveLength(3)
    }))
})
