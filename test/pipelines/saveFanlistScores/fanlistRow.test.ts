import { describe, expect, it } from "@effect/vitest"
import { Either, ParseResult, Schema } from "effect"
import fc from "fast-check"
import { indexHeader } from "../../../src/pipelines/csv/csvHeader.js"
import { compileRowDecoder } from "../../../src/pipelines/rows/rowDecoder.js"
import { FanlistRow, fanlistColumns } from "../../../src/services/schemas/FanlistRow.js"

const decodeStruct = Schema.decodeUnknownEither(FanlistRow)
const header = ["globalUserId", "memberId", "email", "score", "isVerified", "note"]
const index = Either.getOrThrow(indexHeader("f.csv", { line: 1, fields: header }, fanlistColumns, ["score"]))
const decodeCompiled = compileRowDecoder(FanlistRow, index)
const decodeEmail = (email: string) => decodeCompiled({ line: 2, fields: ["", "", email, "0.5", "", ""] })

describe("FanlistRow (SPEC §3.2)", () => {
  it("trims and lower-cases an e-mail", () => {
    expect(decodeEmail("  Pat.Lee@Example.COM\t")).toEqual(Either.right({ email: "pat.lee@example.com", score: 0.5 }))
    expect(Either.getOrThrow(decodeStruct({ email: " A@B.Co ", score: "1" })).email).toBe("a@b.co")
  })

  it("refuses an e-mail without exactly one @, text on both sides and a dot in the domain, naming the field", () => {
    const bad = ["plain", "a@b", "@b.co", "a@", "a@@b.co", "a@b@c.co", "a b@c.co", "a@b .co", "@", "a.b@c", "a\u00a0b@c.co"]
    for (const email of bad) {
      expect(decodeEmail(email)).toEqual(
        Either.left(`email: expected an e-mail address (one @, text on both sides, a dot in the domain), got ${JSON.stringify(email)}`)
      )
    }
    const issue = decodeStruct({ email: "a@b", score: "1" })
    expect(Either.isLeft(issue) && ParseResult.ArrayFormatter.formatErrorSync(issue.left)[0]!.path).toEqual(["email"])
  })

  it("takes score as required and finite, isVerified as an optional boolean, ids as optional trimmed text", () => {
    const row = (fields: Array<string>) => decodeCompiled({ line: 2, fields })
    expect(row([" g1 ", "", "", "1e-2", "0", ""])).toEqual(Either.right({ globalUserId: "g1", score: 0.01, isVerified: false }))
    expect(row(["", " m1", "", "2", "TRUE", ""])).toEqual(Either.right({ memberId: "m1", score: 2, isVerified: true }))
    expect(row(["g1", "", "", "", "", ""])).toEqual(Either.left("score: required, but empty"))
    expect(row(["g1", "", "", "high", "", ""])).toEqual(Either.left('score: expected a finite number, got "high"'))
    expect(row(["g1", "", "", "1", "yes", ""])).toEqual(Either.left('isVerified: expected true, false, 1 or 0, got "yes"'))
  })

  it("decodes a row compiled column by column as the Struct does", () => {
    const cell = fc.oneof(fc.constantFrom("", " ", "g1", " A@B.co ", "a@b", "x@y.z", "1", "0", "-2.5", "NaN", "false", "TRUE"), fc.string({ maxLength: 5 }))
    fc.assert(
      fc.property(fc.array(cell, { minLength: header.length, maxLength: header.length }), (fields) => {
        const present = index.columns.flatMap(([column, at]) => (fields[at]!.trim() === "" ? [] : [[column, fields[at]!]]))
        const compiled = decodeCompiled({ line: 2, fields })
        const struct = decodeStruct(Object.fromEntries(present))
        expect(Either.isRight(compiled)).toBe(Either.isRight(struct))
        if (Either.isRight(compiled) && Either.isRight(struct)) expect(compiled.right).toEqual(struct.right)
      }),
      { numRuns: 1000 }
    )
  })
})
