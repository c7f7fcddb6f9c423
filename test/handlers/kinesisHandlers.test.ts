import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { handleEntryScoring } from "../../src/handlers/entryScoringHandler.js"
import { kinesisEventOf } from "../../src/lambda/events/kinesisEvent.js"
import { handleScoresToDynamoDB } from "../../src/handlers/scoresToDynamoDBHandler.js"
import { HttpCampaignServiceLive } from "../../src/layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../../src/layers/http/HttpEntryService.js"
import { ServiceHttpClientLive } from "../../src/layers/http/serviceClient.js"
import { campaignServiceStandIn } from "../../src/local/standIns/CampaignServiceStandIn.js"
import { entryServiceStandIn } from "../../src/local/standIns/EntryServiceStandIn.js"
import { MemoryDemandTable } from "../../src/local/memory/MemoryDemandTable.js"
import { MetricsIgnored } from "../../src/layers/observability/WorkerMetrics.js"
import { DemandTable } from "../../src/services/DemandTable.js"
import { memoryRunProgress } from "../../src/local/memory/MemoryRunProgress.js"
import { RunProgress } from "../../src/services/RunProgress.js"
import { DemandTableError } from "../../src/services/errors.js"
import { fanRecord } from "../pipelines/fanRecordFixture.js"
import { summerTour } from "../pipelines/saveEntryScoring/entryServices.js"

const progressOf = (table: MemoryDemandTable) => Layer.succeed(RunProgress, memoryRunProgress(table))

const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))

/** A Kinesis event as Lambda delivers it: base64 data, sequence numbers, event ids. */
const event = (...values: ReadonlyArray<unknown>) =>
  kinesisEventOf(
    "scores-stream",
    values.map((value, i) => ({ partitionKey: `p${i}`, sequenceNumber: `4959${String(i).padStart(52, "0")}`, data: encode(value) }))
  )

describe("the scores-stream → demand-table handler", () => {
  it.effect("answers with no failures for a record that is not JSON: it is counted invalid, not retried", () => {
    const table = new MemoryDemandTable()
    return Effect.gen(function* () {
      const { reply, result } = yield* handleScoresToDynamoDB(event("not json at all", fanRecord("g1")))
      expect(reply).toEqual({ batchItemFailures: [] })
      expect(result).toMatchObject({ in: 2, invalid: 1, created: 1 })
      expect(table.allItems().map((i) => i.PK)).toEqual(["fan:g1"])
    }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(DemandTable, table.service), progressOf(table), MetricsIgnored)))
  })

  it.effect("hands back only the records whose write failed, by sequence number", () => {
    const table = new MemoryDemandTable()
    const failing = DemandTable.of({
      ...table.service,
      upsertFanScore: (item) =>
        item.PK === "fan:g2" ? Effect.fail(new DemandTableError({ table: "t", operation: "UpdateItem", reason: "throttled" })) : table.upsertFanScore(item)
    })
    const batch = event(fanRecord("g1"), fanRecord("g2"), fanRecord("g3"))
    return Effect.gen(function* () {
      const { reply } = yield* handleScoresToDynamoDB(batch)
      expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: batch.Records[1]!.kinesis.sequenceNumber }] })
      expect(table.allItems().map((i) => i.PK)).toEqual(["fan:g1", "fan:g3"])
    }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(DemandTable, failing), progressOf(table), MetricsIgnored)))
  })

  it.effect("counts a record that is not a Kinesis record as unreadable, and answers with no failures", () =>
    Effect.gen(function* () {
      const { reply, result, unreadable } = yield* handleScoresToDynamoDB({ Records: [{ s3: {} }] })
      expect(reply).toEqual({ batchItemFailures: [] })
      expect(unreadable).toBe(1)
      expect(result).toMatchObject({ in: 0 })
    }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(DemandTable, new MemoryDemandTable().service), progressOf(new MemoryDemandTable()), MetricsIgnored))))
})

describe("the scores-stream → Entry Service handler, over HTTP to the stand-ins", () => {
  it.live("posts the rank-0 fans with market ids and reports what the Entry Service answered", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const token = Redacted.make("t0k3n")
        const campaigns = yield* campaignServiceStandIn({ c1: summerTour }, { token })
        const entry = yield* entryServiceStandIn({ token })
        const settings = ConfigProvider.fromMap(
          new Map([["CAMPAIGN_SERVICE_URL", campaigns.url], ["ENTRY_SERVICE_URL", entry.url], ["SERVICE_TOKEN", "t0k3n"]])
        )
        const services = Layer.mergeAll(HttpCampaignServiceLive, HttpEntryServiceLive, MetricsIgnored).pipe(
          Layer.provide(ServiceHttpClientLive),
          Layer.provide(Layer.setConfigProvider(settings))
        )
        const batch = event(fanRecord("g1"), fanRecord("g2", { events: { "0": { market: "Atlantis" } } }), "\u0000garbage")
        const first = yield* Effect.provide(handleEntryScoring(batch), services)
        expect(first.reply).toEqual({ batchItemFailures: [] })
        expect(first.result).toEqual({ records: 3, input: 2, scoring: 1, inserted: 1, updated: 0, found: 0, unmapped: 1, failed: 1 })
        const again = yield* Effect.provide(handleEntryScoring(batch), services)
        expect(again.result).toMatchObject({ scoring: 1, inserted: 0, found: 1 })
        expect(entry.book.posts.map((p) => [p.campaignId, p.records.map((r) => r.marketId)])).toEqual([["c1", ["mkt-chi"]], ["c1", ["mkt-chi"]]])
      })
    ))
})
