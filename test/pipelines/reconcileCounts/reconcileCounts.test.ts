import { expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { memoryCampaignCounts } from "../../../src/layers/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/layers/memory/MemoryDemandTable.js"
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

// One world for the block: each test reconciles campaigns of its own (c1; c2 and one without fans).
it.layer(world())("reconcileCounts", (it) => {
  it.effect("recounts a campaign from its fan items only, reports the drift, and repairs meta:counts", () =>
    Effect.gen(function* () {
      const counts = yield* CampaignCounts
      yield* counts.setCounts("c1", { verified: 5, rejected: 1, selected: 0 })
      const result = yield* reconcileCounts("c1")
      expect(result).toEqual({
        campaignId: "c1",
        fans: 3,
        stored: { verified: 5, rejected: 1, selected: 0 },
        recounted: { verified: 2, rejected: 1, selected: 1 },
        drift: { verified: -3, rejected: 0, selected: 1 },
        repaired: true
      })
      expect(Option.getOrThrow(yield* counts.getCounts("c1"))).toEqual({ verified: 2, rejected: 1, selected: 1 })
      const again = yield* reconcileCounts("c1")
      expect(again).toMatchObject({ drift: { verified: 0, rejected: 0, selected: 0 }, repaired: false })
    }))

  it.effect("creates missing counts, and leaves a campaign with no fans alone", () =>
    Effect.gen(function* () {
      const counts = yield* CampaignCounts
      expect(yield* reconcileCounts("c2")).toMatchObject({ stored: undefined, recounted: { verified: 1 }, repaired: true })
      expect(yield* reconcileCounts("empty")).toMatchObject({ fans: 0, repaired: false })
      expect(Option.isNone(yield* counts.getCounts("empty"))).toBe(true)
    }))
})
