import { expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { driftCheck, everyCampaignChecked } from "../../../src/pipelines/driftCheck/driftCheck.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { type MetricCounts, type MetricProperties, WorkerMetrics } from "../../../src/services/WorkerMetrics.js"

const day = 24 * 60 * 60 * 1000

/** c1: three fans, one of them twice (fan:g1 and sid:m1 hold memberId m1); c2: one fan. */
const fanItems = (table: MemoryDemandTable) => {
  table.putItem({ PK: "fan:g1", SK: "campaign:c1", campaignId: "c1", memberId: "m1", isVerified: true, verdict: true })
  table.putItem({ PK: "fan:g2", SK: "campaign:c1", campaignId: "c1", email: "b@c.co", isVerified: false })
  table.putItem({ PK: "sid:m1", SK: "campaign:c1", campaignId: "c1", memberId: "m1", isVerified: true })
  table.putItem({ PK: "email:d@e.co", SK: "campaign:c1", campaignId: "c1", isVerified: true })
  table.putItem({ PK: "fan:g9", SK: "campaign:c2", campaignId: "c2", isVerified: true })
}

const setup = Effect.gen(function* () {
  const table = new MemoryDemandTable()
  fanItems(table)
  const published: Array<{ worker: string; counts: MetricCounts; properties?: MetricProperties }> = []
  const metrics = Layer.succeed(WorkerMetrics, { publish: (worker, counts, properties) => Effect.sync(() => void published.push({ worker, counts, ...(properties === undefined ? {} : { properties }) })) })
  const counts = memoryCampaignCounts(table)
  return { table, published, counts, layer: Layer.merge(Layer.succeed(CampaignCounts, counts), metrics) }
})

/** Counts as the counter would have made them (a commit on markers), `verified` off by `off`. */
const counted = (counts: CampaignCounts["Type"], campaignId: string, recount: { verified: number; rejected: number; selected: number }, off = 0) =>
  counts.commitCounting({
    guard: { _tag: "Markers" },
    markers: [{ campaignId, eventID: `e-${campaignId}-${off}` }],
    counts: [{ campaignId, delta: { ...recount, verified: recount.verified + off } }],
    counted: []
  })

const quick = { quietFor: 0, tries: 2 }

it.effect("measures each campaign changed in the last day: its drift and duplicate fan items as metrics, naming it; repairs nothing", () =>
  Effect.gen(function* () {
    const { published, counts, layer } = yield* setup
    yield* TestClock.setTime(10 * day)
    yield* counted(counts, "c1", { verified: 3, rejected: 1, selected: 1 }, 2) // made by hand: 2 verified too many
    yield* counted(counts, "c2", { verified: 1, rejected: 0, selected: 0 })
    const result = yield* driftCheck({}, quick).pipe(Effect.provide(layer))
    expect(result).toMatchObject({ checked: 2, drifted: 1, duplicated: 1, busy: 0, repaired: 0 })
    const byCampaign = Object.fromEntries(published.filter((p) => p.properties !== undefined).map((p) => [p.properties!["campaignId"], p.counts]))
    expect(byCampaign).toEqual({
      c1: { CountDrift: 2, DuplicateFanItems: 1, Fans: 4 },
      c2: { CountDrift: 0, DuplicateFanItems: 0, Fans: 1 }
    })
    expect(published.every((p) => p.worker === "driftCheck")).toBe(true)
    expect(published.at(-1)?.counts).toEqual({ CampaignsChecked: 2, CampaignsBusy: 0 })
    // Measured, not repaired: meta:counts is still off.
    expect(Option.getOrThrow(yield* counts.getCounts("c1"))).toMatchObject({ verified: 5 })
  }))

it.effect("checks only the campaigns changed in the window (or those named), and repairs when asked", () =>
  Effect.gen(function* () {
    const { published, counts, layer } = yield* setup
    yield* TestClock.setTime(10 * day)
    yield* counted(counts, "c1", { verified: 3, rejected: 1, selected: 1 }, -1)
    yield* TestClock.adjust(2 * day)
    yield* counted(counts, "c2", { verified: 1, rejected: 0, selected: 0 })
    const lastDay = yield* driftCheck({}, quick).pipe(Effect.provide(layer))
    expect(lastDay.campaigns.map((c) => c.campaignId)).toEqual(["c2"])
    const wider = yield* driftCheck({ hours: 72 }, quick).pipe(Effect.provide(layer))
    expect(wider.campaigns.map((c) => c.campaignId).sort()).toEqual(["c1", "c2"])
    const repaired = yield* driftCheck({ campaigns: ["c1"], repair: true }, quick).pipe(Effect.provide(layer))
    expect(repaired).toMatchObject({ checked: 1, drifted: 1, repaired: 1 })
    expect(repaired.campaigns[0]?.drift).toEqual({ verified: 1, rejected: 0, selected: 0 })
    const after = yield* driftCheck({ campaigns: ["c1"] }, quick).pipe(Effect.provide(layer))
    expect(after).toMatchObject({ drifted: 0, repaired: 0 })
    expect(published.filter((p) => p.properties?.["campaignId"] === "c1").map((p) => p.counts["CountDrift"])).toEqual([1, 1, 0])
  }))

it.effect("checks a campaign whose writes were recorded though the counter never counted them: its drift is what was lost", () =>
  Effect.gen(function* () {
    const { table, layer } = yield* setup
    yield* TestClock.setTime(10 * day)
    // c1's fan items were written (by a fanlist load, say) and their changes lost before the counter.
    yield* memoryRunProgress(table).recordFileWrites({ campaignId: "c1", run: "f1", loadId: "l1", moved: 4 })
    const result = yield* driftCheck({}, quick).pipe(Effect.provide(layer))
    expect(result.campaigns).toEqual([expect.objectContaining({ campaignId: "c1", drift: { verified: 3, rejected: 1, selected: 1 }, driftTotal: 5, measured: true })])
  }))

it.effect("says a campaign counted throughout was not measured (CampaignsBusy), publishing no drift for it", () =>
  Effect.gen(function* () {
    const { published, counts, layer } = yield* setup
    yield* counted(counts, "c1", { verified: 3, rejected: 1, selected: 1 })
    // Each read of the counts finds a newer version: a counter at work between the recounts.
    let version = 1
    const busy = Layer.succeed(CampaignCounts, { ...counts, getCounts: () => Effect.sync(() => Option.some({ verified: 3, rejected: 1, selected: 1, version: ++version })) })
    const result = yield* driftCheck({ campaigns: ["c1"] }, quick).pipe(Effect.provide(Layer.merge(layer, busy)))
    expect(result).toMatchObject({ checked: 1, busy: 1, drifted: 0 })
    expect(published.map((p) => p.counts)).toEqual([{ CampaignsBusy: 1 }, { CampaignsChecked: 1, CampaignsBusy: 1 }])
  }))

it.effect("goes on past a campaign whose reads failed: the others are measured, none is published for it, and the check then fails naming it", () =>
  Effect.gen(function* () {
    const { published, counts, layer } = yield* setup
    yield* counted(counts, "c1", { verified: 3, rejected: 1, selected: 1 })
    yield* counted(counts, "c2", { verified: 1, rejected: 0, selected: 0 }, 1)
    const refused = new DemandTableError({ table: "demand-table", operation: "GetItem", reason: "ThrottlingException: rate exceeded" })
    const failing = Layer.succeed(CampaignCounts, {
      ...counts,
      getCounts: (campaignId) => (campaignId === "c1" ? Effect.fail(refused) : counts.getCounts(campaignId))
    })
    const result = yield* driftCheck({ campaigns: ["c1", "c2"] }, quick).pipe(Effect.provide(Layer.merge(layer, failing)))
    expect(result).toMatchObject({ checked: 2, failed: 1, busy: 0, drifted: 1 })
    expect(result.campaigns[0]).toMatchObject({ campaignId: "c1", measured: false, failure: refused.message })
    expect(published.filter((p) => p.properties !== undefined).map((p) => p.properties!["campaignId"])).toEqual(["c2"])
    expect(published.at(-1)?.counts).toEqual({ CampaignsChecked: 2, CampaignsBusy: 0 })
    const incomplete = yield* Effect.flip(everyCampaignChecked(result))
    expect(incomplete).toMatchObject({ _tag: "DriftCheckIncomplete", failed: ["c1"] })
    expect(incomplete.message).toBe(`drift check: 1 campaigns could not be checked (c1): ${refused.message}`)
    expect(yield* everyCampaignChecked({ ...result, failed: 0, campaigns: result.campaigns.slice(1) })).toMatchObject({ failed: 0 })
  }))
