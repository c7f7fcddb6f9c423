import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { csvText } from "../../support/scrubbedFile.js"
import { rowColumns as columns, fan, load } from "./loadFixture.js"

/** Row rules of SPEC §3 and §3.1, through the whole worker with in-memory AWS: columns and field rules. Rank, campaign and line numbers: rowRanks.test.ts. */

describe("loadScoresToStream: columns", () => {
  it.effect("trims header names and ignores unknown columns", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(" id , globalUserId,shoeSize ,score  ,isVerified, hbase\ng1007,g1,44,0.25,true,Chicago\n")
      expect(result).toMatchObject({ in: 1, valid: 1, invalid: 0, out: 1 })
      expect(records[0]).toMatchObject({ globalUserId: "g1", score: 0.25, isVerified: true, rank: "7", events: { "7": { market: "Chicago" } } })
      expect(records[0]).not.toHaveProperty("shoeSize")
    }))

  it.effect("matches header names exactly: a differently cased column is unknown", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load("id,globalUserId,score,isVerified,Email\ng1000,g1,0.5,true,a@b.co\n")
      expect(result.out).toBe(1)
      expect(records[0]).not.toHaveProperty("email")
    }))

  it.effect("treats an empty or blank optional field as absent", () =>
    Effect.gen(function* () {
      const csv = csvText([fan("g1", { localFanscore: "", bandScore: "   ", email: " ", hbase: "", event_id: "", memberId: "" })], {
        columns: [...columns, "email", "hbase", "event_id", "memberId"]
      })
      const { result, records } = yield* load(csv)
      expect(result).toMatchObject({ valid: 1, invalid: 0, out: 1 })
      for (const absent of ["localFanscore", "bandScore", "email", "memberId", "accountFanscore", "origin"]) {
        expect(records[0]).not.toHaveProperty(absent)
      }
      expect(records[0]!.events).toEqual({ "0": {} })
    }))

  it.effect("refuses a row with fewer or more fields than the header, naming the counts", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load("id,globalUserId,score,isVerified\ng1000,g1,0.5,true\ng2000,g2,0.5\ng3000,g3,0.5,true,extra\ng4000,g4,0.5,true\n")
      expect(result).toMatchObject({ in: 4, valid: 2, invalid: 2, out: 2 })
      expect(result.errors).toEqual([
        { line: 3, reason: "expected 4 fields, found 3" },
        { line: 4, reason: "expected 4 fields, found 5" }
      ])
      expect(records.map((record) => record.globalUserId)).toEqual(["g1", "g4"])
    }))

  it.effect("refuses a row with broken quoting", () =>
    Effect.gen(function* () {
      const { result } = yield* load('id,globalUserId,score,isVerified\ng1000,g1,"0.5"x,true\ng2000,g2,0.5,true\n')
      expect(result.invalid).toBe(1)
      expect(result.errors[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/quot/) })
    }))
})

describe("loadScoresToStream: field rules", () => {
  const invalidFields: ReadonlyArray<readonly [column: string, value: string]> = [
    ["score", "abc"],
    ["score", "NaN"],
    ["score", "Infinity"],
    ["score", "-Infinity"],
    ["score", ""],
    ["score", "   "],
    ["score", "0.5.1"],
    ["localFanscore", "high"],
    ["accountFanscore", "NaN"],
    ["bandScore", "Infinity"],
    ["nudetect.score", "twelve"],
    ["isVerified", "yes"],
    ["isVerified", "2"],
    ["isVerified", ""],
    ["globalUserId", ""],
    ["globalUserId", "   "],
    ["rank", "-1"],
    ["rank", "1.5"],
    ["rank", "first"]
  ]

  it.effect.each(invalidFields)("refuses %s = %j with its line and a reason naming the field; other rows go on", ([column, value]) =>
    Effect.gen(function* () {
      const csv = csvText([fan("g1"), fan("g2", { [column]: value }), fan("g3")], { columns })
      const { result, records } = yield* load(csv)
      expect(result).toMatchObject({ in: 3, valid: 2, invalid: 1, duplicate: 0, out: 2, failed: 0 })
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0]!.line).toBe(3)
      expect(result.errors[0]!.reason.startsWith(`${column}: `)).toBe(true)
      expect(records.map((record) => record.globalUserId)).toEqual(["g1", "g3"])
    }))

  it.effect("says what was wrong with a field: expected and got", () =>
    Effect.gen(function* () {
      const { result } = yield* load(csvText([fan("g1", { score: "abc" }), fan("g2", { score: "" })], { columns }))
      expect(result.errors).toEqual([
        { line: 2, reason: 'score: expected a finite number, got "abc"' },
        { line: 3, reason: "score: required, but empty" }
      ])
    }))

  it.effect("accepts finite numbers in any usual notation, trimmed", () =>
    Effect.gen(function* () {
      const rows = [fan("g1", { score: " 0.25 " }), fan("g2", { score: "-3" }), fan("g3", { score: "1e-3" }), fan("g4", { score: "7" })]
      const { result, records } = yield* load(csvText(rows, { columns }))
      expect(result.invalid).toBe(0)
      expect(records.map((record) => record.score)).toEqual([0.25, -3, 0.001, 7])
    }))

  it.effect("accepts isVerified as true/false/1/0 in any case", () =>
    Effect.gen(function* () {
      const values = ["true", "TRUE", "True", "false", "FALSE", "1", "0", " true "]
      const rows = values.map((isVerified, i) => fan(`g${i}`, { isVerified }))
      const { result, records } = yield* load(csvText(rows, { columns }))
      expect(result).toMatchObject({ valid: values.length, invalid: 0 })
      expect(records.map((record) => record.isVerified)).toEqual([true, true, true, false, false, true, false, true])
    }))
})
