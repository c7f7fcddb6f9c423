import { expect } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { comparableSequence, RunProgress, type RunProgressState, type ShardWrites } from "../../../src/services/RunProgress.js"

/** What a contract run needs of its adapter beside the port: fresh campaigns. */
export interface RunProgressHarness {
  readonly freshCampaign: (label: string) => string
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, RunProgress | R>) => void

const shard0 = "shardId-000000000000"
const shard1 = "shardId-000000000001"
/** Kinesis sequence numbers: 56 digits, with a few of other lengths to compare as numbers, not text. */
const at = (n: number) => `4959${String(n).padStart(52, "0")}`

/** The state with its marks sorted (their order is no part of the port), without the time of its last change (a case of its own). */
const sorted = (state: Option.Option<RunProgressState>) =>
  Option.map(state, ({ changedAt: _changedAt, ...found }) => ({ ...found, marks: [...found.marks].sort() }))

/**
 * The behaviour every RunProgress adapter has (SPEC §6, "the evidence that a file's changes
 * were counted"): each case on a campaign of its own.
 */
export const runProgressContract = <R>(it: { effect: ItEffect<R> }, harness: RunProgressHarness) => {
  const progress = (campaignId: string, run: string) => Effect.flatMap(RunProgress, (p) => p.progress(campaignId, run)).pipe(Effect.map(sorted))
  const recordedUpTo = (campaignId: string, run: string) => Effect.flatMap(RunProgress, (p) => p.recordedUpTo(campaignId, run))
  const shardWrites = (writes: Omit<ShardWrites, "run" | "marks"> & { marks?: ReadonlyArray<string> }) =>
    Effect.flatMap(RunProgress, (p) => p.recordShardWrites({ run: "r1", marks: [], ...writes }))

  it.effect("records a shard's range once: a delivery starting at or before the last range recorded adds nothing", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("ranges")
      expect(yield* progress(campaignId, "r1")).toEqual(Option.none())
      expect(yield* recordedUpTo(campaignId, "r1")).toEqual({})
      const range = { campaignId, shardId: shard0, first: at(1), last: at(100), moved: 40 }
      yield* shardWrites(range)
      yield* shardWrites(range)
      yield* shardWrites({ ...range, first: at(50), moved: 9 })
      yield* shardWrites({ ...range, first: at(100), last: at(120), moved: 5, marks: ["l1/other"] })
      // Sequence numbers compare as numbers: 999 came long before 4959…, though it sorts after it as text.
      yield* shardWrites({ campaignId, shardId: shard0, first: "999", last: "1000", moved: 2, marks: [`l1/${shard0}`] })
      expect(yield* progress(campaignId, "r1")).toEqual(Option.some({ expected: 40, counted: 0, marks: [] }))
      expect(yield* recordedUpTo(campaignId, "r1")).toEqual({ [shard0]: comparableSequence(at(100)) })
    }))

  it.effect("records each shard's ranges apart, adding their writes and marks to the run's", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("shards")
      yield* shardWrites({ campaignId, shardId: shard0, first: at(10), last: at(20), moved: 3 })
      yield* shardWrites({ campaignId, shardId: shard1, first: at(5), last: at(8), moved: 2, marks: [`l1/${shard1}`] })
      yield* shardWrites({ campaignId, shardId: shard1, first: at(5), last: at(8), moved: 2, marks: [`l1/${shard1}`] })
      yield* shardWrites({ campaignId, shardId: shard0, first: at(21), last: at(30), moved: 1, marks: [`l1/${shard0}`] })
      expect(yield* progress(campaignId, "r1")).toEqual(Option.some({ expected: 6, counted: 0, marks: [`l1/${shard0}`, `l1/${shard1}`] }))
      expect(yield* recordedUpTo(campaignId, "r1")).toEqual({ [shard0]: comparableSequence(at(30)), [shard1]: comparableSequence(at(8)) })
      expect(yield* progress(campaignId, "r2")).toEqual(Option.none())
    }))

  it.effect("sets a whole file's writes, the same on a retry of its load, and adds the load's `<loadId>/file` mark", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("file")
      const record = (loadId: string) => Effect.flatMap(RunProgress, (p) => p.recordFileWrites({ campaignId, run: "f1", loadId, moved: 7 }))
      yield* record("a")
      expect(yield* progress(campaignId, "f1")).toEqual(Option.some({ expected: 7, counted: 0, marks: ["a/file"] }))
      yield* record("b")
      yield* record("a")
      expect(yield* progress(campaignId, "f1")).toEqual(Option.some({ expected: 7, counted: 0, marks: ["a/file", "b/file"] }))
      expect(yield* recordedUpTo(campaignId, "f1")).toEqual({})
    }))

  it.effect("says when the run last changed: each recorded write sets changedAt (the time its counts settle, once counted)", () =>
    Effect.gen(function* () {
      const campaignId = harness.freshCampaign("changed")
      const before = yield* Clock.currentTimeMillis
      yield* Effect.flatMap(RunProgress, (p) => p.recordFileWrites({ campaignId, run: "f1", loadId: "a", moved: 1 }))
      const fileWritten = Option.getOrThrow(yield* Effect.flatMap(RunProgress, (p) => p.progress(campaignId, "f1"))).changedAt
      yield* shardWrites({ campaignId, shardId: shard0, first: at(1), last: at(2), moved: 1 })
      const shardWritten = Option.getOrThrow(yield* Effect.flatMap(RunProgress, (p) => p.progress(campaignId, "r1"))).changedAt
      const after = yield* Clock.currentTimeMillis
      for (const changedAt of [fileWritten, shardWritten]) {
        expect(changedAt).toBeGreaterThanOrEqual(before)
        expect(changedAt).toBeLessThanOrEqual(after)
      }
    }))
}
