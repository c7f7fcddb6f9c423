import { DescribeTableCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record
} from "@aws-sdk/client-dynamodb-streams"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { tableStreamTail } from "../../../../src/local/cli/flow/tableStreamTail.js"
import { handleSavedScores } from "../../../../src/handlers/savedScoresHandler.js"
import { memoryCampaignCounts } from "../../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../../src/local/memory/MemoryDemandTable.js"
import { MetricsIgnored } from "../../../../src/layers/observability/WorkerMetrics.js"
import { CampaignCounts } from "../../../../src/services/CampaignCounts.js"
import { call, testDynamoStreamsClient } from "../../../support/awsTestClients.js"
import { uniqueName, useTestCredentials } from "../../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../../support/demandTableFixture.js"

/** A DynamoDB Streams client answering from `records` in memory: one shard, one page. */
const fakeStreams = (records: ReadonlyArray<_Record>) =>
  ({
    send: async (command: unknown) => {
      if (command instanceof DescribeStreamCommand) return { StreamDescription: { Shards: [{ ShardId: "shard-1" }] } }
      if (command instanceof GetShardIteratorCommand) return { ShardIterator: "at-0" }
      if (command instanceof GetRecordsCommand) {
        return command.input.ShardIterator === "at-0" ? { Records: records, NextShardIterator: "at-end" } : { Records: [], NextShardIterator: "at-end" }
      }
      throw new Error("unexpected command")
    }
  }) as unknown as DynamoDBStreamsClient

/** Counts in memory, and the handler of the demand table's stream on them. */
const countsInMemory = () => {
  const table = new MemoryDemandTable()
  const counts = (campaignId: string) => table.item({ PK: `campaign:${campaignId}`, SK: "meta:counts" })
  return { counts, layer: Layer.merge(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)), MetricsIgnored) }
}

describe("the demand table's stream tail", () => {
  it.effect("hands over records as Lambda would: types the SDK does not know back in their wire shape, times in epoch seconds", () =>
    Effect.gen(function* () {
      const record: _Record = {
        eventID: "ev-1",
        eventName: "INSERT",
        dynamodb: {
          ApproximateCreationDateTime: new Date(1_763_800_000_000),
          Keys: { PK: { S: "fan:g1" }, SK: { S: "campaign:c1" } },
          NewImage: {
            odd: { $unknown: ["X", 1] },
            nested: { M: { inner: { $unknown: ["Y", "2"] }, list: { L: [{ $unknown: ["Z", true] }, { S: "s" }] } } },
            events: {} as never
          },
          SequenceNumber: "100"
        }
      }
      const tail = yield* tableStreamTail(fakeStreams([record]), "arn:stream", "TRIM_HORIZON")
      const [read] = yield* tail.poll
      expect(read).toEqual({
        eventID: "ev-1",
        eventName: "INSERT",
        dynamodb: {
          ApproximateCreationDateTime: 1_763_800_000,
          Keys: { PK: { S: "fan:g1" }, SK: { S: "campaign:c1" } },
          NewImage: { odd: { X: 1 }, nested: { M: { inner: { Y: "2" }, list: { L: [{ Z: true }, { S: "s" }] } } }, events: {} },
          SequenceNumber: "100"
        },
        eventSourceARN: "arn:stream"
      })
      const { counts, layer } = countsInMemory()
      const { reply, unreadable, result } = yield* Effect.provide(handleSavedScores({ Records: [read] }), layer)
      expect([reply, unreadable, result.records]).toEqual([{ batchItemFailures: [] }, 1, 0])
      expect(counts("c1")).toBeUndefined()
    }))

  it.scoped("reads DynamoDB Local's records of items with empty maps, empty lists and long numbers, and they are counted", () =>
    Effect.gen(function* () {
      const { client, tableName } = yield* DemandTableFixture
      const send = <A>(command: { input: unknown }) => call((signal) => client.send(command as never, { abortSignal: signal }) as Promise<A>)
      const described = yield* send<{ Table?: { LatestStreamArn?: string } }>(new DescribeTableCommand({ TableName: tableName }))
      const streams = yield* testDynamoStreamsClient(inject("awsEndpoints").dynamodb)
      const fan = (id: string, isVerified: boolean) => ({
        PK: { S: `fan:${id}` },
        SK: { S: "campaign:cT" },
        isVerified: { BOOL: isVerified },
        events: { M: {} },
        tags: { L: [] },
        origin: { M: { nudetect: { M: {} } } },
        score: { N: "12345678901234567890.5" }
      })
      yield* send(new PutItemCommand({ TableName: tableName, Item: fan("g1", true) }))
      yield* send(new PutItemCommand({ TableName: tableName, Item: fan("g2", false) }))
      const verdict = { TableName: tableName, Key: { PK: { S: "fan:g1" }, SK: { S: "campaign:cT" } }, UpdateExpression: "SET verdict = :v", ExpressionAttributeValues: { ":v": { BOOL: true } } }
      yield* send(new UpdateItemCommand(verdict))
      const tail = yield* tableStreamTail(streams, described.Table!.LatestStreamArn!, "TRIM_HORIZON")
      const records = yield* tail.poll
      expect(records.map((record) => record.eventName)).toEqual(["INSERT", "INSERT", "MODIFY"])
      const image = records[0]!.dynamodb["NewImage"] as Record<string, unknown>
      expect([{}, { M: {} }]).toContainEqual(image["events"])
      const { counts, layer } = countsInMemory()
      const { reply, unreadable, result } = yield* Effect.provide(handleSavedScores({ Records: records }), layer)
      expect([reply, unreadable]).toEqual([{ batchItemFailures: [] }, 0])
      expect(result).toMatchObject({ records: 3, applied: 3 })
      expect(counts("cT")).toMatchObject({ verified: 1, rejected: 1, selected: 1 })
    }).pipe(
      Effect.provide(
        Layer.suspend(() => {
          useTestCredentials()
          return demandTableFixture(inject("awsEndpoints").dynamodb, uniqueName("tail"))
        })
      )
    ))
})
