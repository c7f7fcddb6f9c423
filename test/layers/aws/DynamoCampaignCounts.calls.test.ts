import { expect, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { inject } from "vitest"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import type { CountChange } from "../../../src/services/schemas/Counts.js"
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

const changes = (prefix: string, count: number): ReadonlyArray<CountChange> =>
  Array.from({ length: count }, (_, i) => ({ eventID: `${prefix}${i}`, delta: { verified: 1, rejected: 0, selected: 0 } }))

const add = (campaignId: string, batch: ReadonlyArray<CountChange>) =>
  Effect.flatMap(CampaignCounts, (counts) => counts.addToCounts(campaignId, batch))

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

layer(layers, { excludeTestServices: true })("DynamoCampaignCounts calls", (it) => {
  it.effect("makes one transaction per 99 changes; repeated, each is cancelled once and none retried", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("chunks")
      const batch = changes("e", 250)
      expect(yield* callsOf(add(campaignId, batch))).toEqual({
        result: { applied: 250, duplicates: 0 },
        operations: Array(3).fill("TransactWriteItems")
      })
      expect(yield* callsOf(add(campaignId, batch))).toEqual({
        result: { applied: 0, duplicates: 250 },
        operations: Array(3).fill("TransactWriteItems")
      })
      const mixed = [...changes("e", 5), ...changes("f", 5)]
      expect(yield* callsOf(add(campaignId, mixed))).toEqual({
        result: { applied: 5, duplicates: 5 },
        operations: Array(2).fill("TransactWriteItems")
      })
    }))

  it.effect("retries a transaction cancelled by a conflict on the counts, and throttled calls", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const campaignId = freshCampaign("conflict")
      proxy.failNext(2, conflicted(11))
      proxy.failNext(1, { status: 400, type: "ThrottlingException" })
      const { operations, result } = yield* callsOf(add(campaignId, changes("c", 10)))
      expect({ operations, result }).toEqual({
        result: { applied: 10, duplicates: 0 },
        operations: Array(4).fill("TransactWriteItems")
      })
      const counts = yield* Effect.flatMap(CampaignCounts, (c) => c.getCounts(campaignId))
      expect(counts).toEqual(Option.some({ verified: 10, rejected: 0, selected: 0, version: 1 }))
    }))

  it.effect("retries contention past the table's retries (it gives up only after its time budget: dynamoAddToCounts.retries), and fails at once on a malformed request", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const campaignId = freshCampaign("outlasted")
      proxy.failNext(4, conflicted(3))
      const contended = yield* callsOf(add(campaignId, changes("d", 2)))
      expect(contended).toEqual({ result: { applied: 2, duplicates: 0 }, operations: Array(5).fill("TransactWriteItems") })
      const other = freshCampaign("malformed")
      proxy.failNext(1, { status: 400, type: "ValidationException", operation: "TransactWriteItems" })
      const invalid = yield* callsOf(Effect.flip(add(other, changes("e", 2))))
      expect(invalid.result.reason).toContain("ValidationException")
      expect(invalid.operations).toEqual(["TransactWriteItems"])
      expect(yield* Effect.flatMap(CampaignCounts, (c) => c.getCounts(other))).toEqual(Option.none())
    }))
})
