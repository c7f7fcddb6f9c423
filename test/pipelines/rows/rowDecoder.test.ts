import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { indexHeader } from "../../../src/pipelines/csv/csvHeader.js"
import { compileRowDecoder } from "../../../src/pipelines/rows/rowDecoder.js"
import { requiredScrubbedColumns, ScrubbedRow, scrubbedColumns } from "../../../src/services/schemas/ScrubbedRow.js"

const header = ["globalUserId", "rank", "id", "campaign_id", "score", "isVerified", "localFanscore", "nudetect.score", "review_notes", "email", "hbase", "unknown"]
const index = Either.getOrThrow(indexHeader("f.csv", { line: 1, fields: header }, scrubbedColumns, requiredScrubbedColumns))
const decodeCompiled = compileRowDecoder(ScrubbedRow, index)
const decodeStruct = Schema.decodeUnknownEither(ScrubbedRow)

const cell = fc.oneof(
  fc.constantFrom("", " ", "0", "1", "-1", "1.5", "007", "NaN", "Infinity", "-Infinity", "1e3", "abc", "TRUE", "false", "yes"),
  fc.constantFrom(" A@B.co ", "vip| x |", "|", "g1", "  g2  ", "1e400"),
  fc.string({ maxLength: 6 })
)

/** The row as the Struct schema sees it: non-empty known fields only. */
const asObject = (fields: ReadonlyArray<string>) =>
  Object.fromEntries(index.columns.flatMap(([column, at]) => (fields[at]!.trim() === "" ? [] : [[column, fields[at]!]])))

describe("compileRowDecoder", () => {
  it("agrees with Schema.decodeUnknownEither of the row schema, value for value", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: header.length, maxLength: header.length }), (fields) => {
        const compiled = decodeCompiled({ line: 2, fields })
        const struct = decodeStruct(asObject(fields))
        expect(Either.isRight(compiled)).toBe(Either.isRight(struct))
        if (Either.isRight(compiled) && Either.isRight(struct)) expect(compiled.right).toEqual(struct.right)
      }),
      { numRuns: 3000 }
    )
  })

  it("names the field and what was wrong", () => {
    const fields = ["g1", "", "g1001", "c1", "NaN", "true", "", "", "", "", "", "x"]
    expect(decodeCompiled({ line: 9, fields })).toEqual(Either.left('score: expected a finite number, got "NaN"'))
    fields[4] = " "
    expect(decodeCompiled({ line: 9, fields })).toEqual(Either.left("score: required, but empty"))
  })

  it("refuses a row whose field count differs from the header's, and broken quoting", () => {
    expect(decodeCompiled({ line: 3, fields: ["g1", "0"] })).toEqual(Either.left("expected 12 fields, found 2"))
    const fields = Array.from({ length: header.length }, () => "1")
    expect(decodeCompiled({ line: 3, fields, malformed: "Quoted field unterminated" })).toEqual(
      Either.left("malformed quoted field: Quoted field unterminated")
    )
  })
})

describe("number fields", () => {
  it("accept decimal notation only", () => {
    const row = (score: string) => decodeCompiled({ line: 2, fields: ["g1", "0", "", "", score, "1", "", "", "", "", "", ""] })
    for (const ok of ["0", "-1.5", "+2", ".5", "5.", "1e3", "1E-3", " 7 "]) expect(Either.isRight(row(ok))).toBe(true)
    for (const bad of ["0x10", "0b11", "0o7", "1_000", "1,5", "Infinity", "NaN", "1e400", "--1"]) {
      expect(row(bad)).toEqual(Either.left(`score: expected a finite number, got ${JSON.stringify(bad)}`))
    }
  })
})
