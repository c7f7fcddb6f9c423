import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { csvText } from "../../support/scrubbedFile.js"
import { CorrelationIds } from "vf-scoring-workers"
import { recordColumns as columns, file, key, load, row } from "./loadFixture.js"

/** The fan record on the scores stream (SPEC §3.1), field by field: email, tags, origin, optional values, partition key, __meta. */

describe("loadScoresToStream: the fan record", () => {
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
      const json = new TextDecoder().decode(world.scoresStream.fanEntries()[0]!.data)
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
      const source = `s3://my-scoring-bucket/${key}`
      expect(metas[0]).toEqual({ correlation: "load-1", date: 1_700_000_000_123, source, run: expect.any(String) })
      expect(metas[1]).toEqual(metas[0])
      const { records: again } = yield* load(file(row("g1", 0)))
      expect((again[0]!.__meta as { correlation: string }).correlation).toBe("load-2")
    }).pipe(Effect.provide(CorrelationIds.sequential())))

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
