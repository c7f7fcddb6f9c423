import { expect, layer } from "@effect/vitest"
import { Effect, Option } from "effect"
import { appliedMarker } from "../../../src/layers/aws/dynamoAddToCounts.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { type CountChange, type Counts, zeroCounts } from "../../../src/services/schemas/Counts.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"
import { dynamoCountsLayer, freshCampaign, putRaw, rawItem } from "./dynamoCountsSetup.js"

const change = (eventID: string, verified: number, rejected = 0, selected = 0): CountChange => ({
  eventID,
  delta: { verified, rejected, selected }
})

const versioned = (campaignId: string) => Effect.flatMap(CampaignCounts, (counts) => counts.getCounts(campaignId))
/** The three counts, without their version. */
const countsOf = (campaignId: string) =>
  Effect.map(versioned(campaignId), Option.map(({ verified, rejected, selected }) => ({ verified, rejected, selected })))
const add = (campaignId: string, changes: ReadonlyArray<CountChange>) =>
  Effect.flatMap(CampaignCounts, (counts) => counts.addToCounts(campaignId, changes))

/** The sum of the deltas of each eventID once. */
const sumOfDistinct = (changes: ReadonlyArray<CountChange>): Counts => {
  const first = new Map(changes.map((c) => [c.eventID, c.delta] as const))
  return [...first.values()].reduce(
    (sum, d) => ({ verified: sum.verified + d.verified, rejected: sum.rejected + d.rejected, selected: sum.selected + d.selected }),
    zeroCounts
  )
}

layer(dynamoCountsLayer("campaign-counts"), { excludeTestServices: true })("DynamoCampaignCounts", (it) => {
  it.effect("creates meta:counts from zero on the first changes, with a marker per eventID that expires in 7 days", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("first")
      expect(yield* countsOf(campaignId)).toEqual(Option.none())
      const changes = [change("e1", 1), change("e2", 0, 1), change("e3", -1, 1, 1), change("e4", 0)]
      expect(yield* add(campaignId, changes)).toEqual({ applied: 4, duplicates: 0 })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ verified: 0, rejected: 2, selected: 1 }))
      const marker = yield* rawItem({ PK: demandKeys.campaign(campaignId), SK: appliedMarker("e3") })
      const inSevenDays = Date.now() / 1000 + 7 * 24 * 3600
      expect(marker?.["expiresAt"]).toBeGreaterThan(inSevenDays - 60)
      expect(marker?.["expiresAt"]).toBeLessThanOrEqual(inSevenDays + 1)
    }))

  it.effect("applies the same changes once: again, they are all duplicates and the counts stay", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("again")
      const changes = [change("a", 1), change("b", 1), change("c", 0, 1)]
      yield* add(campaignId, changes)
      expect(yield* add(campaignId, changes)).toEqual({ applied: 0, duplicates: 3 })
      expect(yield* add(campaignId, [changes[1]!])).toEqual({ applied: 0, duplicates: 1 })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ verified: 2, rejected: 1, selected: 0 }))
    }))

  it.effect("adds only the deltas of new eventIDs when new and seen ones come together, or one comes twice", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("mix")
      yield* add(campaignId, [change("a", 1), change("b", 0, 1)])
      const mixed = [change("x", 0, 0, 1), change("a", 1), change("y", 1), change("b", 0, 1), change("x", 0, 0, 1)]
      expect(yield* add(campaignId, mixed)).toEqual({ applied: 2, duplicates: 3 })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ verified: 2, rejected: 1, selected: 1 }))
    }))

  it.effect("applies 250 changes in three transactions, and a half-seen repeat of them exactly once", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("many")
      const changes = Array.from({ length: 250 }, (_, i) => change(`e${i}`, i % 2, 1 - (i % 2), i % 5 === 0 ? 1 : 0))
      expect(yield* add(campaignId, changes)).toEqual({ applied: 250, duplicates: 0 })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ verified: 125, rejected: 125, selected: 50 }))
      const more = Array.from({ length: 100 }, (_, i) => change(`f${i}`, 1))
      const interleaved = changes.flatMap((c, i) => (i < 100 ? [c, more[i]!] : [c]))
      expect(yield* add(campaignId, interleaved)).toEqual({ applied: 100, duplicates: 250 })
      expect(yield* countsOf(campaignId)).toEqual(Option.some({ verified: 225, rejected: 125, selected: 50 }))
    }))

  it.effect("ends with the sum over distinct eventIDs when fibers add overlapping changes at once", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("race")
      const events = Array.from({ length: 60 }, (_, i) => change(`e${i}`, i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 4 === 0 ? 1 : 0))
      const sets = Array.from({ length: 6 }, (_, f) => events.filter((_, i) => (i + f) % 3 !== 0 || i % 7 === f))
      const outcomes = yield* Effect.forEach(sets, (set) => add(campaignId, set), { concurrency: "unbounded" })
      const distinct = new Set(sets.flat().map((c) => c.eventID))
      expect(outcomes.reduce((sum, outcome) => sum + outcome.applied, 0)).toBe(distinct.size)
      expect(outcomes.map((outcome) => outcome.applied + outcome.duplicates)).toEqual(sets.map((set) => set.length))
      expect(yield* countsOf(campaignId)).toEqual(Option.some(sumOfDistinct(sets.flat())))
    }))

  it.effect("sets the counts to recounted values, keeping the item's other attributes", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("set")
      const key = { PK: demandKeys.campaign(campaignId), SK: demandKeys.counts }
      yield* putRaw({ ...key, verified: 9, rejected: 9, selected: 9, note: "kept" })
      const counts = yield* CampaignCounts
      expect(yield* counts.setCounts(campaignId, { verified: 3, rejected: 2, selected: 1 }, 0)).toBe(true)
      expect(yield* rawItem(key)).toEqual({ ...key, verified: 3, rejected: 2, selected: 1, version: 1, note: "kept" })
      yield* add(campaignId, [change("e1", 1, 0, -1)])
      expect(yield* versioned(campaignId)).toEqual(Option.some({ verified: 4, rejected: 2, selected: 0, version: 2 }))
      // Over a version no longer stored (a count came in between): nothing written.
      expect(yield* counts.setCounts(campaignId, zeroCounts, 1)).toBe(false)
      expect(yield* versioned(campaignId)).toEqual(Option.some({ verified: 4, rejected: 2, selected: 0, version: 2 }))
      const other = freshCampaign("set-new")
      expect(yield* counts.setCounts(other, zeroCounts, 0)).toBe(true)
      expect(yield* versioned(other)).toEqual(Option.some({ ...zeroCounts, version: 1 }))
    }))

  it.effect("reads an absent count as 0, and fails naming the operation on a count that is not a number", () =>
    Effect.gen(function* () {
      const partial = freshCampaign("partial")
      yield* putRaw({ PK: demandKeys.campaign(partial), SK: demandKeys.counts, verified: 2 })
      expect(yield* countsOf(partial)).toEqual(Option.some({ verified: 2, rejected: 0, selected: 0 }))
      const campaignId = freshCampaign("bad")
      yield* putRaw({ PK: demandKeys.campaign(campaignId), SK: demandKeys.counts, verified: "many" })
      const error = yield* Effect.flip(countsOf(campaignId))
      expect(error).toMatchObject({ _tag: "DemandTableError", operation: "GetItem" })
    }))
})
