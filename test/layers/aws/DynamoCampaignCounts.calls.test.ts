import { expect, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { inject } from "vitest"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { commitDelivery } from "../../../src/pipelines/processSavedScores/commitDelivery.js"
import type { CountedChange } from "../../../src/pipelines/processSavedScores/countingPlan.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { demandTableFixture } from "../../support/demandTableFixture.js"
import { callsOf, type InjectedFailure, RecordingProxy, recordingProxy } from "../../support/recordingProxy.js"
import { countsAdapters, freshCampaign } from "./dynamoCountsSetup.js"

const endpoint = inject("awsEndpoints").dynamodb
const tableName = uniqueName("counts-calls")

/** The adapters under test talk to DynamoDB Local through the recording proxy. */
const adapters = Layer.unwrapScoped(
  Effect.map(RecordingProxy, (proxy) =>
    countsAdapters(tableName, proxy.endpoint, { retry: { retries: 3, baseDelay: "5 millis", maxDelay: "20 millis" } })
  )
)
const layers = Layer.merge(adapters, demandTableFixture(endpoint, tableName)).pipe(Layer.provideMerge(recordingProxy(endpoint)))

const changes = (from: number, count: number): ReadonlyArray<CountedChange> =>
  Array.from({ length: count }, (_, i) => ({
    campaignId: "c",
    eventID: `e${from + i}`,
    sequenceNumber: String(1_000 + from + i),
    delta: { verified: 1, rejected: 0, selected: 0 }
  }))

/** A delivery on a shard of its own to the counts of a campaign of its own. */
const deliver = (shard: string, campaignId: string, batch: ReadonlyArray<CountedChange>) => commitDelivery(shard, batch.map((change) => ({ ...change, campaignId })))

/** A transaction of `size` actions cancelled because another transaction held its last item (the counts). */
const conflicted = (size: number): InjectedFailure => ({
  status: 400,
  type: "TransactionCanceledException",
  operation: "TransactWriteItems",
  fields: {
    CancellationReasons: Array.from({ length: size }, (_, i) =>
      i === size - 1 ? { Code: "TransactionConflict", Message: "conflict" } : { Code: "None" }
    )
  }
})

const versioned = (campaignId: string) => Effect.flatMap(CampaignCounts, (c) => c.getCounts(campaignId))

layer(layers, { excludeTestServices: true })("DynamoCampaignCounts calls", (it) => {
  it.effect("reads the position, then commits: markers looked at in a shard's first changes only; a repeat is read and skipped", () =>
    Effect.gen(function* () {
      const [campaignId, shard] = [freshCampaign("chunks"), freshCampaign("shard")]
      // 250 changes on a shard never reached: each marker looked at, 98 a transaction beside the position and the counts.
      expect(yield* callsOf(deliver(shard, campaignId, changes(0, 250)))).toEqual({
        result: { applied: 250, duplicates: 0 },
        operations: ["GetItem", ...Array(3).fill("TransactWriteItems")]
      })
      expect(yield* callsOf(deliver(shard, campaignId, changes(0, 250)))).toEqual({ result: { applied: 0, duplicates: 250 }, operations: ["GetItem"] })
      // Past the shard's first 1,000 changes: one transaction a delivery, whatever its size.
      yield* deliver(shard, campaignId, changes(250, 750))
      expect(yield* callsOf(deliver(shard, campaignId, changes(1_000, 500)))).toEqual({
        result: { applied: 500, duplicates: 0 },
        operations: ["GetItem", "TransactWriteItems"]
      })
      expect(yield* versioned(campaignId)).toMatchObject(Option.some({ verified: 1_500 }))
    }))

  it.effect("retries a commit cancelled by a conflict, and throttled calls", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const [campaignId, shard] = [freshCampaign("conflict"), freshCampaign("shard")]
      proxy.failNext(2, conflicted(12))
      proxy.failNext(1, { status: 400, type: "ThrottlingException", operation: "TransactWriteItems" })
      const { operations, result } = yield* callsOf(deliver(shard, campaignId, changes(0, 10)))
      expect({ operations, result }).toEqual({
        result: { applied: 10, duplicates: 0 },
        operations: ["GetItem", ...Array(4).fill("TransactWriteItems")]
      })
      expect(yield* versioned(campaignId)).toEqual(Option.some({ verified: 10, rejected: 0, selected: 0, version: 1 }))
    }))

  it.effect("hands a delivery back at once on a malformed request, writing nothing", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const [campaignId, shard] = [freshCampaign("malformed"), freshCampaign("shard")]
      proxy.failNext(1, { status: 400, type: "ValidationException", operation: "TransactWriteItems" })
      const invalid = yield* callsOf(deliver(shard, campaignId, changes(0, 2)))
      expect(invalid.result.failed?.error.reason).toContain("ValidationException")
      expect(invalid.operations).toEqual(["GetItem", "TransactWriteItems"])
      expect(yield* versioned(campaignId)).toEqual(Option.none())
    }))
})
