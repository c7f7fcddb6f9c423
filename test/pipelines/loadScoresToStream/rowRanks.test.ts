import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { csvText } from "../../support/scrubbedFile.js"
import { rowColumns as columns, fan, key, load } from "./loadFixture.js"

/** Row rules of SPEC §3 and §3.1, through the whole worker with in-memory AWS: rank, campaign and line numbers. */

describe("loadScoresToStream: rank", () => {
  it.effect("takes the rank from the rank column when there is one", () =>
    Effect.gen(function* () {
      const { records } = yield* load(csvText([fan("g1", { id: "g1009", rank: "2" })], { columns }))
      expect(records[0]).toMatchObject({ rank: "2", events: { "2": {} } })
    }))

  it.effect("accepts rank 0 and leading zeros", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(csvText([fan("g1", { rank: "0" }), fan("g2", { rank: "007" })], { columns }))
      expect(result.invalid).toBe(0)
      expect(records.map((record) => record.rank)).toEqual(["0", "7"])
    }))

  it.effect("takes the rank from the id suffix after the globalUserId when the header has no rank column", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load("id,globalUserId,score,isVerified\nabc001,abc,0.5,true\nabc0,abc,0.5,true\nxyz12,xyz,0.5,true\n")
      expect(result).toMatchObject({ valid: 3, invalid: 0, out: 2 })
      expect(records[0]).toMatchObject({ globalUserId: "abc", rank: "0", events: { "0": {}, "1": {} } })
      expect(records[1]).toMatchObject({ globalUserId: "xyz", rank: "12" })
    }))

  it.effect("falls back to the id when a row's rank field is empty", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(csvText([fan("g1", { id: "g1004", rank: "" })], { columns }))
      expect(result.invalid).toBe(0)
      expect(records[0]!.rank).toBe("4")
    }))

  it.effect("refuses as `unranked` a row whose id is not <globalUserId><digits>", () =>
    Effect.gen(function* () {
      const csv = "id,globalUserId,score,isVerified\nabc,abc,0.5,true\nabcX1,abc,0.5,true\nzzz001,abc,0.5,true\n,abc,0.5,true\nabc-1,abc,0.5,true\nabc002,abc,0.5,true\n"
      const { result, records } = yield* load(csv)
      expect(result).toMatchObject({ in: 6, valid: 1, invalid: 5, out: 1 })
      expect(result.errors).toEqual([2, 3, 4, 5, 6].map((line) => ({ line, reason: "unranked" })))
      expect(records[0]!.rank).toBe("2")
    }))
})

describe("loadScoresToStream: campaign", () => {
  it.effect("refuses a row of another campaign as `campaign mismatch`; empty or padded campaign_id is fine", () =>
    Effect.gen(function* () {
      const rows = [fan("g1", { campaign_id: "c2" }), fan("g2", { campaign_id: "" }), fan("g3", { campaign_id: " c1 " }), fan("g4", { campaign_id: "c10" })]
      const { result, records } = yield* load(csvText(rows, { columns }))
      expect(result).toMatchObject({ valid: 2, invalid: 2, out: 2 })
      expect(result.errors).toEqual([
        { line: 2, reason: "campaign mismatch" },
        { line: 5, reason: "campaign mismatch" }
      ])
      expect(records.map((record) => [record.globalUserId, record.campaignId])).toEqual([
        ["g2", "c1"],
        ["g3", "c1"]
      ])
    }))

  it.effect("takes the campaign from the key, not from the rows", () =>
    Effect.gen(function* () {
      const { records } = yield* load("id,globalUserId,score,isVerified\ng1000,g1,0.5,true\n")
      expect(records[0]!.campaignId).toBe("c1")
    }))
})

describe("loadScoresToStream: line numbers", () => {
  it.effect("reports each invalid row at the file line where it starts, after quoted line breaks and blank lines", () =>
    Effect.gen(function* () {
      const csv = [
        "id,globalUserId,score,isVerified,review_notes", // 1
        'g1000,g1,0.5,true,"vip|', // 2
        'second line"', // 3
        "g2000,g2,bad,true,", // 4
        "", // 5
        'g3000,g3,0.5,true,"a', // 6
        "b", // 7
        'c"', // 8
        "g4000,g4,0.5,maybe,", // 9
        "g5000,,0.5,true,", // 10
        "g6000,g6,0.5,true,", // 11
        ""
      ].join("\r\n")
      const { result, records } = yield* load(csv)
      expect(result).toMatchObject({ in: 6, valid: 3, invalid: 3 })
      expect(result.errors.map((error) => error.line)).toEqual([4, 9, 10])
      expect(result.errors.map((error) => error.reason.split(":")[0])).toEqual(["score", "isVerified", "globalUserId"])
      expect(records.map((record) => record.globalUserId)).toEqual(["g1", "g3", "g6"])
    }))

  it.effect("logs each invalid row with its line and reason", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, new TextEncoder().encode("id,globalUserId,score,isVerified\ng1000,g1,x,true\n"))
      const logged: Array<string> = []
      const capture = Logger.make(({ logLevel, message }) => {
        logged.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
      })
      yield* loadScoresToStream(key).pipe(Effect.provide(world.layer), Effect.provide(Logger.replace(Logger.defaultLogger, capture)))
      expect(logged).toContain('WARN line 2: score: expected a finite number, got "x"')
    }))
})
