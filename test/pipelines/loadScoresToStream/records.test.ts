import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel, TestClock } from "effect"
import { MemoryWorld } from "../../../src/layers/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { csvText, type RowValues, scrubbedFileColumns, scrubbedKey } from "../../support/scrubbedFile.js"

/** Combining a fan's rows and the fan record on the scores stream (SPEC §3.1). */

const key = scrubbedKey("c1")
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const load = (csv: string, world = new MemoryWorld()) =>
  Effect.gen(function* () {
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const result = yield* loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    const stored = world.scoresStream.records()
    return { result, stored, records: stored.map((record) => record.data as Record<string, unknown>), world }
  })

const columns = ["rank", ...scrubbedFileColumns]
const row = (gid: string, rank: number, values: RowValues = {}): RowValues => ({
  id: `${gid}${rank}`,
  rank,
  globalUserId: gid,
  score: "0.5",
  isVerified: "true",
  ...values
})
const file = (...rows: ReadonlyArray<RowValues>) => csvText(rows, { columns })

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
          __meta: { correlation: expect.stringMatching(uuid), date: 1763800000000, source: `s3://vf-scoring/${key}` }
        }
      ])
    }))

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

  it.effect("lower-cases and trims the email", () =>
    Effect.gen(function* () {
      const { records } = yield* load(file(row("g1", 0, { email: "  Ann.Lee@Example.COM " })))
      expect(records[0]!.email).toBe("ann.lee@example.com")
    }))

  it.effect("splits review_notes into trimmed tags, dropping empty ones", () =>
    Effect.gen(function* () {
      const { records } = yield* load(
        file(row("g1", 0, { review_notes: " vip | presale||  |fan club " }), row("g2", 0, { review_notes: " | |" }), row("g3", 0, { review_notes: "solo" }))
      )
      expect(records[0]!.tags).toEqual(["vip", "presale", "fan club"])
      expect(records[1]).not.toHaveProperty("tags")
      expect(records[2]!.tags).toEqual(["solo"])
    }))

  it.effect("puts nudetect under origin, with only the parts present", () =>
    Effect.gen(function* () {
      const { records } = yield* load(
        file(
          row("g1", 0, { "nudetect.score": "12.5", "nudetect.scoreBand": "low" }),
          row("g2", 0, { "nudetect.score": "0" }),
          row("g3", 0, { "nudetect.scoreBand": "high" }),
          row("g4", 0)
        )
      )
      expect(records.map((record) => record.origin)).toEqual([
        { nudetect: { score: 12.5, scoreBand: "low" } },
        { nudetect: { score: 0 } },
        { nudetect: { scoreBand: "high" } },
        undefined
      ])
      expect(records[3]).not.toHaveProperty("origin")
    }))

  it.effect("omits absent optional values: no key, never null", () =>
    Effect.gen(function* () {
      const { records, world } = yield* load(file(row("g1", 0)))
      expect(Object.keys(records[0]!).sort()).toEqual(["__meta", "campaignId", "events", "globalUserId", "isVerified", "rank", "score"])
      expect(records[0]!.events).toEqual({ "0": {} })
      const json = new TextDecoder().decode(world.scoresStream.entries[0]!.data)
      expect(json).not.toContain("null")
    }))

  it.effect("copies the contact fields as they are", () =>
    Effect.gen(function* () {
      const contact = { memberId: "m-1", phone: "+1 555 0100", phoneType: "mobile", phoneConfirmedDate: "2025-06-01T12:00:00Z", firstName: "Zoë", lastName: 'Lee "Lefty"', locale: "fr-ca" }
      const { records } = yield* load(file(row("g1", 0, contact)))
      expect(records[0]).toMatchObject(contact)
    }))

  it.effect("uses the trimmed globalUserId as the partition key", () =>
    Effect.gen(function* () {
      const { stored } = yield* load(file(row(" g1 ", 0, { id: "g10" }), row("g2", 0)))
      expect(stored.map((record) => [record.partitionKey, (record.data as { globalUserId: string }).globalUserId])).toEqual([
        ["g1", "g1"],
        ["g2", "g2"]
      ])
    }))

  it.effect("stamps __meta with the file's s3 address, the run's correlation id and start time", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_700_000_000_123)
      const world = new MemoryWorld({ bucket: "my-scoring-bucket" })
      const { records } = yield* load(file(row("g1", 0), row("g2", 0)), world)
      const metas = records.map((record) => record.__meta as { correlation: string; date: number; source: string })
      expect(metas[0]).toEqual({ correlation: expect.stringMatching(uuid), date: 1_700_000_000_123, source: `s3://my-scoring-bucket/${key}` })
      expect(metas[1]).toEqual(metas[0])
      const { records: again } = yield* load(file(row("g1", 0)))
      expect((again[0]!.__meta as { correlation: string }).correlation).not.toBe(metas[0]!.correlation)
    }))

  it.effect("reads a CRLF file with a byte-order mark like the same file in LF", () =>
    Effect.gen(function* () {
      const rows = [row("g1", 0, { hbase: "São Paulo", firstName: "Sam, Jr." }), row("g1", 1, { review_notes: "a|\r\nb" }), row("g2", 0)]
      const { records: lf, result: lfResult } = yield* load(csvText(rows, { columns }))
      const { records: crlf, result: crlfResult } = yield* load(csvText(rows, { columns, lineEnd: "\r\n", bom: true }))
      const withoutMeta = (records: ReadonlyArray<Record<string, unknown>>) => records.map(({ __meta, ...rest }) => rest)
      expect(withoutMeta(crlf)).toEqual(withoutMeta(lf))
      expect(crlfResult).toEqual(lfResult)
      expect(crlf[0]).toMatchObject({ globalUserId: "g1", events: { "0": { market: "São Paulo" } }, firstName: "Sam, Jr." })
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
