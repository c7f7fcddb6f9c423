import { expect, layer } from "@effect/vitest"
import { Effect, Layer, Option, Stream } from "effect"
import { inject } from "vitest"
import { DynamoCampaignCountsLive } from "../../../src/layers/aws/DynamoCampaignCounts.js"
import { DynamoDemandTableLive } from "../../../src/layers/aws/DynamoDemandTable.js"
import { DynamoReportLedgerLive } from "../../../src/layers/aws/DynamoReportLedger.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { demandTableFixture } from "../../support/demandTableFixture.js"
import { fanItem } from "./dynamoDemandTableSetup.js"

const endpoint = inject("awsEndpoints").dynamodb
const tableName = uniqueName("table-live")

/** The three Live layers together, as one Lambda would build them (one DynamoTable, so one client). */
const live = Layer.mergeAll(DynamoDemandTableLive, DynamoCampaignCountsLive, DynamoReportLedgerLive).pipe(
  Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoint, DEMAND_TABLE: tableName }))
)

layer(Layer.merge(demandTableFixture(endpoint, tableName), live), { excludeTestServices: true })("Dynamo*Live", (it) => {
  it.effect("work together on the table DEMAND_TABLE names", () =>
    Effect.gen(function* () {
      const table = yield* DemandTable
      const counts = yield* CampaignCounts
      const ledger = yield* ReportLedger
      expect(table.tableName).toBe(tableName)
      yield* table.upsertFanScore(fanItem("g1"))
      const fans = yield* Stream.runCollect(counts.campaignFans("c1"))
      expect([...fans].map((item) => item.PK)).toEqual(["fan:g1"])
      const next = { at: "1", checked: 1 }
      yield* counts.commitCounting({ guard: { _tag: "Position", shard: `${tableName}/s`, expected: undefined, next }, markers: [], counts: [{ campaignId: "c1", delta: { verified: 1, rejected: 0, selected: 0 } }], counted: [] })
      const stored = Option.getOrThrow(yield* counts.getCounts("c1"))
      expect(yield* ledger.claimReport("c1", { counts: stored, final: true }, "claim", Date.now() + 20_000)).toEqual({ _tag: "Claimed", previous: undefined })
      expect((yield* table.queryPartition("campaign:c1")).map((item) => item.SK)).toEqual(["meta:counts", "meta:slack:counts"])
      expect(yield* counts.shardPosition(`${tableName}/s`)).toEqual(Option.some(next))
    }))
})
