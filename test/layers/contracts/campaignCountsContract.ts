import { expect } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { changeDay } from "../../../src/services/changeDays.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { runKey } from "../../../src/services/RunProgress.js"
import { zeroCounts } from "../../../src/services/schemas/Counts.js"
import type { CommitGuard, CountingCommit, ShardPosition } from "../../../src/services/schemas/CountingCommit.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"

/** What a contract run needs of its adapter beside the port: fresh names, and raw access to items. */
export interface CountsHarness<R> {
  readonly freshCampaign: (label: string) => string
  readonly putRaw: (item: Record<string, unknown>) => Effect.Effect<unknown, unknown, R>
  readonly rawItem: (key: { PK: string; SK: string }) => Effect.Effect<Record<string, unknown> | undefined, unknown, R>
  /**
   * Whether two transactions sent at once are isolated (DynamoDB, DynamoDB Local, memory).
   * moto's are not: one that fails puts back the table as it was before it began, erasing
   * one that landed meanwhile; there the two commits go one after the other.
   */
  readonly concurrentTransactions?: boolean
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, CampaignCounts | R>) => void

const delta = (verified: number, rejected = 0, selected = 0) => ({ verified, rejected, selected })
const moving = (shard: string, expected: ShardPosition | undefined, next: ShardPosition): CommitGuard => ({ _tag: "Position", shard, expected, next })
const commit = (guard: CommitGuard, parts: Partial<Omit<CountingCommit, "guard">>): CountingCommit => ({ guard, markers: [], counts: [], counted: [], ...parts })
const commitCounting = (counting: CountingCommit) => Effect.flatMap(CampaignCounts, (counts) => counts.commitCounting(counting))
const countsOf = (campaignId: string) => Effect.flatMap(CampaignCounts, (counts) => counts.getCounts(campaignId))
const positionOf = (shard: string) => Effect.flatMap(CampaignCounts, (counts) => counts.shardPosition(shard))

/** The behaviour every CampaignCounts adapter has (SPEC §5; countingPlan.ts): each case on campaigns and shards of its own. */
export const campaignCountsContract = <R>(it: { effect: ItEffect<R> }, harness: CountsHarness<R>) => {
  it.effect("commits a shard's first delivery whole: position, counts from zero with their version, runs' counted", () =>
    Effect.gen(function* () {
      const [c1, c2, shard] = [harness.freshCampaign("first"), harness.freshCampaign("first"), harness.freshCampaign("shard")]
      expect(yield* positionOf(shard)).toEqual(Option.none())
      expect(yield* countsOf(c1)).toEqual(Option.none())
      const counts = [{ campaignId: c1, delta: delta(2, 1) }, { campaignId: c2, delta: delta(0, 0, 1) }]
      const counted = [{ campaignId: c1, run: "r1", changes: 3 }]
      expect(yield* commitCounting(commit(moving(shard, undefined, { at: "0005", checked: 4 }), { counts, counted }))).toEqual({ _tag: "Committed" })
      expect(yield* positionOf(shard)).toEqual(Option.some({ at: "0005", checked: 4 }))
      expect(yield* countsOf(c1)).toEqual(Option.some({ ...delta(2, 1), version: 1 }))
      expect(yield* countsOf(c2)).toEqual(Option.some({ ...delta(0, 0, 1), version: 1 }))
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(c1), SK: runKey("r1") })).toMatchObject({ counted: 3 })
      const next = commit(moving(shard, { at: "0005", checked: 4 }, { at: "0009", checked: 6 }), { counts: [{ campaignId: c1, delta: delta(-1, 1) }], counted })
      expect(yield* commitCounting(next)).toEqual({ _tag: "Committed" })
      expect(yield* countsOf(c1)).toEqual(Option.some({ ...delta(1, 2), version: 2 }))
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(c1), SK: runKey("r1") })).toMatchObject({ counted: 6 })
    }))

  it.effect("writes nothing over a position it did not read: Moved, whether the shard was reached or not", () =>
    Effect.gen(function* () {
      const [campaignId, shard] = [harness.freshCampaign("moved"), harness.freshCampaign("shard")]
      const add = { counts: [{ campaignId, delta: delta(1) }] }
      yield* commitCounting(commit(moving(shard, undefined, { at: "0010", checked: 1 }), add))
      expect(yield* commitCounting(commit(moving(shard, undefined, { at: "0020", checked: 2 }), add))).toEqual({ _tag: "Moved" })
      expect(yield* commitCounting(commit(moving(shard, { at: "0005", checked: 1 }, { at: "0020", checked: 2 }), add))).toEqual({ _tag: "Moved" })
      expect(yield* commitCounting(commit(moving(shard, { at: "0010", checked: 0 }, { at: "0020", checked: 2 }), add))).toEqual({ _tag: "Moved" })
      expect(yield* positionOf(shard)).toEqual(Option.some({ at: "0010", checked: 1 }))
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ ...delta(1), version: 1 }))
    }))

  it.effect("looks at markers under a position guard: one there cancels the commit (Seen, naming it), none is written", () =>
    Effect.gen(function* () {
      const [campaignId, shard] = [harness.freshCampaign("seen"), harness.freshCampaign("shard")]
      yield* harness.putRaw({ PK: demandKeys.campaign(campaignId), SK: demandKeys.applied("old") })
      const markers = [{ campaignId, eventID: "new" }, { campaignId, eventID: "old" }]
      const seen = yield* commitCounting(commit(moving(shard, undefined, { at: "0002", checked: 2 }), { markers, counts: [{ campaignId, delta: delta(2) }] }))
      expect(seen).toEqual({ _tag: "Seen", eventIDs: new Set(["old"]) })
      expect(yield* positionOf(shard)).toEqual(Option.none())
      expect(yield* countsOf(campaignId)).toEqual(Option.none())
      const rest = commit(moving(shard, undefined, { at: "0002", checked: 2 }), { markers: [markers[0]!], counts: [{ campaignId, delta: delta(1) }] })
      expect(yield* commitCounting(rest)).toEqual({ _tag: "Committed" })
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(campaignId), SK: demandKeys.applied("new") })).toBeUndefined()
    }))

  it.effect("puts markers under a markers guard, once: the same changes again are all Seen", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("markers")
      const markers = [{ campaignId, eventID: "a" }, { campaignId, eventID: "b" }]
      const once = commit({ _tag: "Markers" }, { markers, counts: [{ campaignId, delta: delta(1, 1) }] })
      expect(yield* commitCounting(once)).toEqual({ _tag: "Committed" })
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(campaignId), SK: demandKeys.applied("b") })).toBeDefined()
      expect(yield* commitCounting(once)).toEqual({ _tag: "Seen", eventIDs: new Set(["a", "b"]) })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ ...delta(1, 1), version: 1 }))
    }))

  it.effect("lets one of two commits from the same position through; the other writes nothing", () =>
    Effect.gen(function* () {
      const [campaignId, shard] = [harness.freshCampaign("race"), harness.freshCampaign("shard")]
      const from = (at: string) => commit(moving(shard, undefined, { at, checked: 1 }), { counts: [{ campaignId, delta: delta(1) }] })
      const concurrency = harness.concurrentTransactions === false ? 1 : 2
      const outcomes = yield* Effect.all([commitCounting(from("0003")), commitCounting(from("0004"))], { concurrency })
      expect(outcomes.filter((outcome) => outcome._tag === "Committed")).toHaveLength(1)
      // DynamoDB may answer the loser with a transaction conflict instead: it is retried, and then finds the position moved.
      for (const outcome of outcomes) expect(["Committed", "Moved", "Contended"]).toContain(outcome._tag)
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ ...delta(1), version: 1 }))
    }))

  it.effect("sets recounted counts only over the version read, keeping the item's other attributes", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("set")
      const key = { PK: demandKeys.campaign(campaignId), SK: demandKeys.counts }
      yield* harness.putRaw({ ...key, verified: 9, rejected: 9, selected: 9, note: "kept" })
      const counts = yield* CampaignCounts
      expect(yield* counts.setCounts(campaignId, delta(3, 2, 1), 0)).toBe(true)
      const today = changeDay(yield* Clock.currentTimeMillis)
      expect(yield* harness.rawItem(key)).toEqual({ ...key, ...delta(3, 2, 1), version: 1, note: "kept", changedDay: today })
      yield* commitCounting(commit({ _tag: "Markers" }, { markers: [{ campaignId, eventID: "e1" }], counts: [{ campaignId, delta: delta(1, 0, -1) }] }))
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ ...delta(4, 2, 0), version: 2 }))
      expect(yield* counts.setCounts(campaignId, zeroCounts, 1)).toBe(false)
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ ...delta(4, 2, 0), version: 2 }))
      const other = harness.freshCampaign("set-new")
      expect(yield* counts.setCounts(other, zeroCounts, 0)).toBe(true)
      expect(yield* countsOf(other)).toEqual(Option.some({ ...zeroCounts, version: 1 }))
    }))

  it.effect("lists the campaigns a commit or a repair changed since a time (by day), each once; not others", () =>
    Effect.gen(function* () {
      const [counted, repaired, fansOnly, runOnly] = ["listed", "repaired", "fans-only", "run-only"].map(harness.freshCampaign) as [string, string, string, string]
      const counts = yield* CampaignCounts
      const add = (campaignId: string) => commitCounting(commit({ _tag: "Markers" }, { markers: [{ campaignId, eventID: `e-${campaignId}` }], counts: [{ campaignId, delta: delta(1) }] }))
      yield* add(counted)
      yield* commitCounting(commit({ _tag: "Markers" }, { markers: [{ campaignId: counted, eventID: "e2" }], counts: [{ campaignId: counted, delta: delta(1) }] }))
      yield* counts.setCounts(repaired, delta(1), 0)
      yield* harness.putRaw({ PK: demandKeys.fan("g1"), SK: demandKeys.campaign(fansOnly), campaignId: fansOnly, isVerified: true })
      // A commit that moves no count of a campaign but counts its run's changes lists it too (the run's item changed).
      yield* commitCounting(commit({ _tag: "Markers" }, { markers: [{ campaignId: runOnly, eventID: "e3" }], counted: [{ campaignId: runOnly, run: "r", changes: 1 }] }))
      const now = yield* Clock.currentTimeMillis
      const listed = yield* counts.changedCampaigns(now - 60_000)
      expect(listed).toContain(counted)
      expect(listed).toContain(repaired)
      expect(listed.filter((id) => id === counted)).toHaveLength(1)
      expect(listed).not.toContain(fansOnly)
      expect(listed).toContain(runOnly)
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(counted), SK: demandKeys.counts })).toMatchObject({ changedDay: changeDay(now) })
      // A time after now names no day: nothing.
      expect(yield* counts.changedCampaigns(now + 2 * 24 * 60 * 60 * 1000)).toEqual([])
    }))
}
