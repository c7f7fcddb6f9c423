import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { toTheEnd } from "../../support/retryClock.js"
import { fanChanges, fanItems, fanlistKey, fanlistWorld, runFanlist } from "./fanlistFixture.js"

const csv = "globalUserId,memberId,email,score,isVerified\ng1,m1,,0.9,\n,m2,x@y.io,0.8,false\n,,z@y.io,0.7,\n"

describe("saveFanlistScores: table, stream and queue (SPEC §3.2)", () => {
  it.effect("puts the items the table holds on the campaign data stream, keyed globalUserId, else memberId, else email", () => {
    const world = fanlistWorld(csv)
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result).toMatchObject({ campaignId: "c1", dynamo: { in: 3, failed: 0, out: 3 }, stream: { in: 3, failed: 0, out: 3 } })
      const records = world.campaignDataStream.records()
      expect(records.map((r) => r.partitionKey)).toEqual(["g1", "m2", "z@y.io"])
      expect(records[1]!.data).toEqual({
        campaignId: "c1",
        memberId: "m2",
        email: "x@y.io",
        score: 0.8,
        isVerified: false,
        source: "fanlist",
        __meta: { correlation: expect.any(String), date: expect.any(Number), source: `s3://vf-scoring/${fanlistKey}` }
      })
      const meta = (records[0]!.data as { __meta: unknown }).__meta
      const byPK = new Map(fanItems(world).map(({ PK, SK: _sk, date: _date, ...attributes }) => [PK, attributes]))
      expect(records.map((r) => r.data)).toEqual(["fan:g1", "sid:m2", "email:z@y.io"].map((pk) => ({ ...byPK.get(pk), __meta: meta })))
      expect(world.verdictQueue.sent).toMatchObject([{ body: { campaignId: "c1", count: 3, source: fanlistKey }, delaySeconds: 0 }])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("leaves an item the table refused on every retry off the stream, and fails the load naming its line", () => {
    const world = fanlistWorld(csv)
    return Effect.gen(function* () {
      const failure = yield* Effect.flip(toTheEnd(runFanlist(world, ["sid:m2"])))
      expect(failure).toMatchObject({ _tag: "FansNotSaved", count: 1, lines: [3] })
      expect(world.campaignDataStream.records().map((r) => r.partitionKey)).toEqual(["g1", "z@y.io"])
      expect(world.verdictQueue.sent).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })

  it.live("retries only the records the stream throttled, and counts what never went through", () => {
    const calls: Array<Array<string>> = []
    const world = fanlistWorld(csv, {
      campaignDataStreamFaults: {
        reject: (entry, call) => {
          ;(calls[call - 1] ??= []).push(entry.partitionKey)
          if (entry.partitionKey === "m2" && call === 1) return { errorCode: "ProvisionedThroughputExceededException", errorMessage: "slow down" }
          return entry.partitionKey === "z@y.io" ? { errorCode: "InternalFailure", errorMessage: "always" } : undefined
        }
      }
    })
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(calls).toEqual([["g1", "m2", "z@y.io"], ["m2", "z@y.io"], ["z@y.io"], ["z@y.io"]]) // fastRetry: 3 retries
      expect(result.stream).toEqual({ in: 3, failed: 1, out: 2 })
      expect(result.errors).toEqual([{ line: 4, reason: "not on the campaign data stream: InternalFailure: always" }])
      expect(world.campaignDataStream.records().map((r) => r.partitionKey)).toEqual(["g1", "m2"])
      expect(world.verdictQueue.sent[0]!.body.count).toBe(3)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("keeps verdict set by the selection system, and a re-run changes nothing", () => {
    const world = fanlistWorld(csv)
    return Effect.gen(function* () {
      yield* runFanlist(world)
      const g1 = fanItems(world).find((i) => i.PK === "fan:g1")!
      world.demandTable.putItem({ ...g1, verdict: true })
      const changes = fanChanges(world).length
      const again = yield* runFanlist(world)
      expect(again.dynamo.out).toBe(3)
      expect(fanChanges(world)).toHaveLength(changes)
      expect(fanItems(world).find((i) => i.PK === "fan:g1")!.verdict).toBe(true)
    }).pipe(Effect.provide(world.layer))
  })
})
