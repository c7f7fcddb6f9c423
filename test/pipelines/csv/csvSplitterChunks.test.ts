import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { csvLine } from "../../support/scrubbedFile.js"
import { bytesOf, plain, recordsOfBytes, split } from "./csvSplitterFixture.js"

/** Cuts `whole` at the given positions (any order, duplicates allowed). */
const cut = <T extends { slice(from: number, to?: number): T; length: number }>(whole: T, at: ReadonlyArray<number>) => {
  const points = [...new Set(at.map((p) => Math.min(p, whole.length)))].sort((a, b) => a - b)
  const pieces: Array<T> = []
  let from = 0
  for (const point of points) {
    pieces.push(whole.slice(from, point))
    from = point
  }
  pieces.push(whole.slice(from))
  return pieces
}

// --- property: how the text is cut never changes the records -----------------------------

/** Field text drawn from characters that stress the splitter: quotes, separators, breaks, multi-byte. */
const fieldText = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "\r", "é", "€", "😀"), maxLength: 8 })
const plainName = fc.string({ unit: fc.constantFrom("a", "b", "c", "_", "."), minLength: 1, maxLength: 5 })

/** A CSV document with its expected records (blank rows are skipped, lines counted). */
const csvDocument = fc
  .record({
    header: fc.array(plainName, { minLength: 1, maxLength: 4 }),
    rows: fc.array(fc.array(fieldText, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
    lineEnd: fc.constantFrom("\n", "\r\n"),
    trailingBlankLines: fc.nat(2),
    finalLineEnd: fc.boolean()
  })
  .map(({ header, rows, lineEnd, trailingBlankLines, finalLineEnd }) => {
    const lines = [header, ...rows].map((fields) => csvLine(fields, lineEnd))
    let text = lines.join("")
    if (!finalLineEnd && trailingBlankLines === 0) text = text.slice(0, -lineEnd.length)
    text += lineEnd.repeat(trailingBlankLines)
    const expected: Array<{ line: number; fields: Array<string> }> = []
    let line = 1
    lines.forEach((text, i) => {
      const fields = i === 0 ? header : rows[i - 1]!
      const blank = fields.length === 1 && fields[0]!.trim() === ""
      if (!blank) expected.push({ line, fields })
      line += text.split("\n").length - 1
    })
    return { text, expected }
  })

describe("splitting is independent of how the input is cut (property)", () => {
  it("text pieces cut anywhere (inside quotes, between \\r and \\n) give the same records and lines", () => {
    fc.assert(
      fc.property(csvDocument, fc.array(fc.nat(400), { maxLength: 12 }), ({ text, expected }, at) => {
        const records = split(...cut(text, at))
        expect(records.every((record) => record.malformed === undefined)).toBe(true)
        expect(plain(records)).toEqual(expected)
      }),
      { numRuns: 400 }
    )
  })

  it("byte pieces cut anywhere (inside multi-byte characters) give the same records through csvRecords", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvDocument,
        fc.array(fc.nat(400), { maxLength: 12 }),
        fc.boolean(),
        async ({ text, expected }, at, bom) => {
          const bytes = bytesOf((bom ? "\uFEFF" : "") + text)
          const records = await Effect.runPromise(recordsOfBytes(cut(bytes, at)))
          expect(plain(records)).toEqual(expected)
        }
      ),
      { numRuns: 200 }
    )
  })
})
