import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { AwsLayer } from "../../../src/layers/aws/AwsLayer.js"
import { isEndOfFileData } from "../../../src/services/schemas/EndOfFile.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { call, testKinesisClient, testS3Client, testSqsClient } from "../../support/awsTestClients.js"
import { awsTestConfig, serviceEndpointSettings, uniqueName } from "../../support/awsTestConfig.js"
import { createActiveStream, readAllRecords } from "../../support/kinesisTestStream.js"
import { awaitBodies, createQueue } from "../../support/sqsTestQueue.js"

const endpoints = inject("awsEndpoints")
const key = "scrubbed/registrants.c7.Tour.20261120T0900.cleaned.prepared.merged.csv"

const csv = [
  "globalUserId,rank,score,isVerified,email,hbase,event_id",
  "g1,0,0.91,true, A@B.CO ,Chicago,e1",
  "g1,1,0.91,true,a@b.co,Denver,e2",
  "g2,0,0.42,false,,Chicago,e1",
  "g3,0,not-a-number,true,,Chicago,e1",
  ",0,0.5,true,,Chicago,e1",
  "g4,0,0.77,TRUE,,Denver,e2",
  "g5,0,0.1,maybe,,Denver,e2",
  ""
].join("\n")

describe("loadScoresToStream on the AWS layer", () => {
  it.scopedLive("reads the file from S3, puts fan records on Kinesis and asks SQS for a verdict report", () =>
    Effect.gen(function* () {
      const [bucket, streamName] = [uniqueName("scoring"), uniqueName("scores")]
      const s3 = yield* testS3Client(endpoints.s3)
      const kinesis = yield* testKinesisClient(endpoints.kinesis)
      const sqs = yield* testSqsClient(endpoints.sqs)
      yield* call((signal) => s3.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))
      yield* call((signal) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: csv }), { abortSignal: signal }))
      yield* createActiveStream(kinesis, streamName)
      const queueUrl = yield* createQueue(sqs, uniqueName("verdicts"))

      // No AWS_ENDPOINT_URL: each client finds its stand-in through AWS_ENDPOINT_URL_<SERVICE>.
      const config = awsTestConfig({
        ...serviceEndpointSettings(endpoints),
        SCORING_BUCKET: bucket,
        SCORES_STREAM: streamName,
        VERDICT_QUEUE_URL: queueUrl
      })
      const result = yield* loadScoresToStream(key).pipe(Effect.provide(AwsLayer), Effect.provide(config))

      expect(result).toMatchObject({ campaignId: "c7", in: 7, valid: 4, invalid: 3, duplicate: 0, out: 3, failed: 0 })
      expect(result.errors.map((error) => error.line)).toEqual([5, 6, 8])

      const all = yield* readAllRecords(kinesis, streamName)
      const records = all.filter((record) => !isEndOfFileData(record.data))
      // An end-of-file mark on each of the stream's two shards, after that shard's fan records, naming the run.
      const marks = all.filter((record) => isEndOfFileData(record.data))
      expect(marks.map((mark) => mark.shardId).sort()).toEqual([...new Set(all.map((record) => record.shardId))].sort())
      expect(new Set(marks.map((mark) => mark.shardId)).size).toBe(2)
      for (const mark of marks) {
        const onShard = all.filter((record) => record.shardId === mark.shardId)
        expect(onShard.at(-1)).toBe(mark)
        expect(JSON.parse(new TextDecoder().decode(mark.data))).toMatchObject({ __control: "endOfFile", campaignId: "c7", run: expect.any(String) })
      }
      const fans = records
        .map((record) => ({ partitionKey: record.partitionKey, data: JSON.parse(new TextDecoder().decode(record.data)) }))
        .sort((a, b) => a.partitionKey.localeCompare(b.partitionKey))
      expect(fans.map((fan) => fan.partitionKey)).toEqual(["g1", "g2", "g4"])
      expect(fans[0]!.data).toMatchObject({
        campaignId: "c7",
        globalUserId: "g1",
        email: "a@b.co",
        score: 0.91,
        isVerified: true,
        rank: "0",
        events: { "0": { market: "Chicago", eventId: "e1" }, "1": { market: "Denver", eventId: "e2" } },
        __meta: { source: `s3://${bucket}/${key}` }
      })
      expect(fans.map((fan) => fan.data.isVerified)).toEqual([true, false, true])

      const verdicts = yield* awaitBodies(sqs, queueUrl)
      expect(verdicts.map((body) => JSON.parse(body))).toMatchObject([{ campaignId: "c7", count: 3, source: key }])
    }))
})
