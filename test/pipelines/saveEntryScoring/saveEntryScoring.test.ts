import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { saveEntryScoring } from "../../../src/pipelines/saveEntryScoring/saveEntryScoring.js"
import { fanRecord, incoming } from "../fanRecordFixture.js"
import { EntryServices, summerTour } from "./entryServices.js"

const at = (market: string | undefined) => ({ events: { "0": market === undefined ? {} : { market } } })

describe("saveEntryScoring (SPEC §7)", () => {
  it.effect("sends rank-0 records with the campaign's market id, matched trimmed and in any case", () => {
    const services = new EntryServices({ c1: summerTour })
    const records = incoming(
      fanRecord("g1", { ...at("  chicago "), memberId: "m1", email: "a@b.co", phone: "+1", phoneType: "mobile", phoneConfirmedDate: "2026-01-01", firstName: "Ann", lastName: "Lee", locale: "en-us", localFanscore: 0.4, accountFanscore: 0.3, bandScore: 0.2, tags: ["vip"] }),
      fanRecord("g2", { ...at("NEW YORK"), isVerified: false }),
      fanRecord("g3", { rank: "1", events: { "1": { market: "Chicago" } } }),
      fanRecord("g4", at("Reno")),
      fanRecord("g5", at(undefined))
    )
    return Effect.gen(function* () {
      const { result, retry } = yield* saveEntryScoring(records)
      expect(result).toEqual({ records: 5, input: 4, scoring: 2, inserted: 2, updated: 0, found: 0, unmapped: 2, failed: 0 })
      expect(retry).toEqual([])
      expect(services.posts).toEqual([
        {
          campaignId: "c1",
          records: [
            { memberId: "m1", globalUserId: "g1", phoneType: "mobile", phone: "+1", phoneConfirmedDate: "2026-01-01", email: "a@b.co", firstName: "Ann", lastName: "Lee", verdict: true, score: 0.5, localFanscore: 0.4, bandScore: 0.2, marketId: "mkt-chi", locale: "en-us" },
            { globalUserId: "g2", verdict: false, score: 0.5, marketId: "mkt-nyc" }
          ]
        }
      ])
    }).pipe(Effect.provide(services.layer))
  })

  it.effect("groups by campaign, looks each campaign up once, and posts at most 500 records a call", () => {
    const services = new EntryServices({ c1: summerTour, c2: { ...summerTour, id: "c2" } })
    const records = incoming(
      ...Array.from({ length: 1201 }, (_, i) => fanRecord(`a${i}`)),
      ...Array.from({ length: 3 }, (_, i) => fanRecord(`b${i}`, { campaignId: "c2" }))
    )
    return Effect.gen(function* () {
      const { result } = yield* saveEntryScoring(records)
      expect(result).toMatchObject({ records: 1204, input: 1204, scoring: 1204, inserted: 1204, failed: 0 })
      expect(services.lookups.sort()).toEqual(["c1", "c2"])
      expect(services.posts.map((p) => [p.campaignId, p.records.length])).toEqual([["c1", 500], ["c1", 500], ["c1", 201], ["c2", 3]])
    }).pipe(Effect.provide(services.layer))
  })

  it.effect("hands back a chunk the Entry Service failed with 5xx, not one it refused with 4xx", () => {
    const services = new EntryServices({ c1: summerTour }, (post) => (post === 1 ? 503 : post === 2 ? 400 : undefined))
    const records = incoming(...Array.from({ length: 5 }, (_, i) => fanRecord(`g${i}`)))
    return Effect.gen(function* () {
      const { result, retry } = yield* saveEntryScoring(records, { chunkSize: 2 })
      expect(result).toMatchObject({ input: 5, scoring: 1, inserted: 1, failed: 4 })
      expect(retry).toEqual(records.slice(0, 2).map((r) => r.sequenceNumber))
    }).pipe(Effect.provide(services.layer))
  })

  it.effect("hands back a campaign whose lookup failed with 5xx; an unknown campaign (404) fails for good", () => {
    const services = new EntryServices({ c1: 500 })
    const records = incoming(fanRecord("g1"), fanRecord("g2", { campaignId: "gone" }))
    return Effect.gen(function* () {
      const { result, retry } = yield* saveEntryScoring(records)
      expect(result).toMatchObject({ records: 2, input: 2, scoring: 0, failed: 2 })
      expect(retry).toEqual([records[0]!.sequenceNumber])
      expect(services.posts).toEqual([])
    }).pipe(Effect.provide(services.layer))
  })

  it.effect("counts a record that is not a fan record as failed, without a retry", () => {
    const services = new EntryServices({ c1: summerTour })
    return Effect.gen(function* () {
      const { result, retry } = yield* saveEntryScoring(incoming("{]", fanRecord("g1")))
      expect(result).toEqual({ records: 2, input: 1, scoring: 1, inserted: 1, updated: 0, found: 0, unmapped: 0, failed: 1 })
      expect(retry).toEqual([])
    }).pipe(Effect.provide(services.layer))
  })
})
