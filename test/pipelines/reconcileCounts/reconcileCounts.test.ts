import { expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { reconcileCounts } from "../../../src/pipelines/reconcileCounts/reconcileCounts.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"

const world = () => {
  const table = new MemoryDemandTable()
  table.putItem({ PK: "fan:g1", SK: "campaign:c1", isVerified: true, verdict: true })
  table.putItem({ PK: "sid:m2", SK: "campaign:c1", isVerified: false })
  table.putItem({ PK: "email:a@b.co", SK: "campaign:c1", isVerified: true })
  table.putItem({ PK: "fan:g9", SK: "campaign:c2", isVerified: true })
  table.putItem({ PK: "campaign:c1", SK: "meta:slack:counts", verified: 40, rejected: 0, selected: 0 })
  return Layer.succeed(CampaignCounts, memoryCampaignCounts(table))
}

/** No wait between the two recounts: nothing else writes in these tests. */
const now = { quietFor: 0 }

// One world for the block: each test reconciles campaigns of its own (c1; c2 and one without fans).
it.layer(world())("reconcileCounts", (it) => {
  it.effect("recounts a campaign from its fan items only, reports the drift, and repairs meta:counts", () =>
    Effect.gen(function* () {
      const counts = yield* CampaignCounts
      yield* counts.setCounts("c1", { verified: 5, rejected: 1, selected: 0 }, 0)
      const result = yield* reconcileCounts("c1", now)
      expect(result).toEqual({
        campaignId: "c1",
        fans: 3,
        stored: { verified: 5, rejected: 1, selected: 0 },
        recounted: { verified: 2, rejected: 1, selected: 1 },
        drift: { verified: -3, rejected: 0, selected: 1 },
        duplicates: 0,
        repaired: true,
        quiet: true
      })
      expect(Option.getOrThrow(yield* counts.getCounts("c1"))).toEqual({ verified: 2, rejected: 1, selected: 1, version: 2 })
      const again = yield* reconcileCounts("c1", now)
      expect(again).toMatchObject({ drift: { verified: 0, rejected: 0, selected: 0 }, repaired: false })
    }))

  it.effect("creates missing counts, and leaves a campaign with no fans alone", () =>
    Effect.gen(function* () {
      const counts = yield* CampaignCounts
      expect(yield* reconcileCounts("c2", now)).toMatchObject({ stored: undefined, recounted: { verified: 1 }, repaired: true })
      expect(yield* reconcileCounts("empty", now)).toMatchObject({ fans: 0, repaired: false })
      expect(Option.isNone(yield* counts.getCounts("empty"))).toBe(true)
    }))
})

it.effect("writes nothing while the campaign is being counted, and says so", () => {
  const table = new MemoryDemandTable()
  table.putItem({ PK: "fan:g1", SK: "campaign:c1", isVerified: true })
  const counts = memoryCampaignCounts(table)
  // A counter that counts on every read of the counts: the campaign is never quiet.
  let version = 0
  const busy = CampaignCounts.of({
    ...counts,
    getCounts: (id) => Effect.map(counts.getCounts(id), () => Option.some({ verified: 0, rejected: 0, selected: 0, version: ++version }))
  })
  return Effect.gen(function* () {
    const result = yield* reconcileCounts("c1", { quietFor: 0, tries: 3 })
    expect(result).toMatchObject({ repaired: false, quiet: false, recounted: { verified: 1 } })
    expect(Option.isNone(yield* counts.getCounts("c1"))).toBe(true)
  }).pipe(Effect.provide(Layer.succeed(CampaignCounts, busy)))
})

it.effect("does not erase a change counted between its read of the counts and its repair", () => {
  const table = new MemoryDemandTable()
  table.putItem({ PK: "fan:g1", SK: "campaign:c1", isVerified: true })
  const counts = memoryCampaignCounts(table)
  // The counter counts a change just before the first repair is written: that write must fail, and the next try see it.
  let raced = false
  const racing = CampaignCounts.of({
    ...counts,
    setCounts: (id, values, version) =>
      Effect.flatMap(
        raced ? Effect.void : Effect.zipRight(Effect.sync(() => (raced = true)), counts.commitCounting({ guard: { _tag: "Markers" }, markers: [{ campaignId: id, eventID: "late" }], counts: [{ campaignId: id, delta: { verified: 0, rejected: 1, selected: 0 } }], counted: [] })),
        () => counts.setCounts(id, values, version)
      )
  })
  return Effect.gen(function* () {
    const result = yield* reconcileCounts("c1", { quietFor: 0, tries: 3 })
    expect(result).toMatchObject({ repaired: true, quiet: true, stored: { verified: 0, rejected: 1 }, recounted: { verified: 1, rejected: 0 } })
    expect(Option.getOrThrow(yield* counts.getCounts("c1"))).toMatchObject({ verified: 1, rejected: 0, version: 2 })
  }).pipe(Effect.provide(Layer.succeed(CampaignCounts, racing)))
})
