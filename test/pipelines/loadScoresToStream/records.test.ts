import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CorrelationIds } from "vf-scoring-workers"
import { file, key, load, row } from "./loadFixture.js"

/** Combining a fan's rows and the fan record on the scores stream (SPEC §3.1). Field by field: recordFields.test.ts. */

describe("loadScoresToStream: the fan record", () => {
  it.effect("is the SPEC's example for a fan with two ranks", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1763800000000)
      const fan = {
        memberId: "m1",
        email: "a@b.co",
        score: "0.93",
        localFanscore: "0.8",
        accountFanscore: "0.7",
        bandScore: "0.2",
        isVerified: "true",
        review_notes: "vip",
        "nudetect.score": "12",
        "nudetect.scoreBand": "low",
        phone: "+15551234567",
        phoneType: "mobile",
        phoneConfirmedDate: "2025-01-02",
        firstName: "Ann",
        lastName: "Lee",
        locale: "en-us",
        campaign_id: "c1"
      }
      const { records, stored } = yield* load(
        file(row("g1", 0, { ...fan, hbase: "Chicago", event_id: "e1" }), row("g1", 1, { ...fan, hbase: "Denver" }))
      )
      expect(stored.map((record) => record.partitionKey)).toEqual(["g1"])
      expect(records).toEqual([
        {
          campaignId: "c1",
          globalUserId: "g1",
          memberId: "m1",
          email: "a@b.co",
          score: 0.93,
          localFanscore: 0.8,
          accountFanscore: 0.7,
          bandScore: 0.2,
          isVerified: true,
          rank: "0",
          events: { "0": { market: "Chicago", eventId: "e1" }, "1": { market: "Denver" } },
          tags: ["vip"],
          origin: { nudetect: { score: 12, scoreBand: "low" } },
          phone: "+15551234567",
          phoneType: "mobile",
          phoneConfirmedDate: "2025-01-02",
          firstName: "Ann",
          lastName: "Lee",
          locale: "en-us",
          __meta: { correlation: "load-1", date: 1763800000000, source: `s3://vf-scoring/${key}`, run: expect.any(String) }
        }
      ])
    }).pipe(Effect.provide(CorrelationIds.sequential())))

  it.effect("takes the fan-level fields from the lowest-rank row, even when it is not the first", () =>
    Effect.gen(function* () {
      const { records } = yield* load(
        file(
          row("g1", 2, { score: "0.1", isVerified: "false", email: "late@x.co", memberId: "m-late", review_notes: "late", "nudetect.score": "99", firstName: "Late", hbase: "Denver" }),
          row("g1", 0, { score: "0.9", isVerified: "true", email: "first@x.co", memberId: "m-first", review_notes: "first", "nudetect.score": "1", firstName: "First", hbase: "Chicago", event_id: "e0" }),
          row("g1", 1, { score: "0.5", isVerified: "false", email: "mid@x.co", memberId: "m-mid", hbase: "Austin" })
        )
      )
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({
        rank: "0",
        score: 0.9,
        isVerified: true,
        email: "first@x.co",
        memberId: "m-first",
        tags: ["first"],
        origin: { nudetect: { score: 1 } },
        firstName: "First",
        events: { "0": { market: "Chicago", eventId: "e0" }, "1": { market: "Austin" }, "2": { market: "Denver" } }
      })
    }))

  it.effect("does not fill fan-level fields missing from the lowest-rank row with other rows' values", () =>
    Effect.gen(function* () {
      const { records } = yield* load(file(row("g1", 3, { email: "a@b.co", phone: "555" }), row("g1", 4, { email: "c@d.co", phone: "777" })))
      const { records: lowestFirst } = yield* load(file(row("g1", 3), row("g1", 4, { email: "c@d.co", phone: "777" })))
      expect(records[0]).toMatchObject({ rank: "3", email: "a@b.co", phone: "555" })
      expect(lowestFirst[0]).not.toHaveProperty("email")
      expect(lowestFirst[0]).not.toHaveProperty("phone")
    }))

  it.effect("maps every rank to { market?, eventId? } and sets rank to the lowest as a string", () =>
    Effect.gen(function* () {
      const { records } = yield* load(
        file(row("g1", 5, { hbase: "Denver" }), row("g1", 3, { event_id: "e3" }), row("g1", 10, {}), row("g1", 4, { hbase: "New York, NY", event_id: "e4" }))
      )
      expect(records[0]!.rank).toBe("3")
      expect(records[0]!.events).toEqual({
        "3": { eventId: "e3" },
        "4": { market: "New York, NY", eventId: "e4" },
        "5": { market: "Denver" },
        "10": {}
      })
    }))
})

describe("loadScoresToStream: combining a fan's rows", () => {
  it.effect("drops a second row of a fan with the same rank as `duplicate`, keeping the first", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(
        file(row("g1", 0, { hbase: "Chicago" }), row("g1", 0, { hbase: "Denver", score: "0.99" }), row("g1", 1, { hbase: "Austin" }))
      )
      expect(result).toMatchObject({ in: 3, valid: 2, invalid: 0, duplicate: 1, out: 1 })
      expect(result.errors).toEqual([{ line: 3, reason: "duplicate" }])
      expect(records[0]).toMatchObject({ score: 0.5, events: { "0": { market: "Chicago" }, "1": { market: "Austin" } } })
    }))

  it.effect("refuses a fan's rows that come back after other fans' rows; the first group stands", () =>
    Effect.gen(function* () {
      const { result, records, stored } = yield* load(
        file(row("g1", 0, { hbase: "Chicago" }), row("g2", 0), row("g1", 1, { hbase: "Denver" }), row("g1", 2), row("g3", 0))
      )
      expect(result).toMatchObject({ in: 5, valid: 3, invalid: 2, duplicate: 0, out: 3 })
      expect(result.errors).toEqual([
        { line: 4, reason: "fan rows not contiguous" },
        { line: 5, reason: "fan rows not contiguous" }
      ])
      expect(stored.map((record) => record.partitionKey)).toEqual(["g1", "g2", "g3"])
      expect(records[0]!.events).toEqual({ "0": { market: "Chicago" } })
    }))

  it.effect("a row that comes back with the rank already taken is not contiguous rather than duplicate", () =>
    Effect.gen(function* () {
      const { result } = yield* load(file(row("g1", 0), row("g2", 0), row("g1", 0)))
      expect(result).toMatchObject({ invalid: 1, duplicate: 0 })
      expect(result.errors).toEqual([{ line: 4, reason: "fan rows not contiguous" }])
    }))

  it.effect("keeps a fan's group whole around one of its rows that was invalid", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(file(row("g1", 0), row("g1", 1, { score: "x" }), row("g1", 2)))
      expect(result).toMatchObject({ valid: 2, invalid: 1, out: 1 })
      expect(Object.keys(records[0]!.events as object)).toEqual(["0", "2"])
    }))

  it.effect("makes one record per fan, in file order", () =>
    Effect.gen(function* () {
      const { result, stored } = yield* load(file(row("b", 0), row("b", 1), row("a", 0), row("c", 2), row("c", 0), row("c", 1)))
      expect(result).toMatchObject({ in: 6, valid: 6, out: 3 })
      expect(stored.map((record) => record.partitionKey)).toEqual(["b", "a", "c"])
    }))
})
