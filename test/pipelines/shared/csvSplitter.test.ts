import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Stream } from "effect"
import fc from "fast-check"
import { csvRecords } from "../../../src/pipelines/shared/csvStream.js"
import { type CsvRecord, CsvSplitter } from "../../../src/pipelines/shared/csvSplitter.js"
import { csvLine } from "../../support/scrubbedFile.js"

/** Feeds text to a splitter in the pieces given, then ends it. */
const split = (...pieces: ReadonlyArray<string>): Array<CsvRecord> => {
  const splitter = new CsvSplitter()
  const records = pieces.flatMap((piece) => splitter.push(piece))
  return [...records, ...splitter.end()]
}

/** Records without their (absent) `malformed` key, for comparisons. */
const plain = (records: ReadonlyArray<CsvRecord>) => records.map(({ line, fields }) => ({ line, fields: [...fields] }))

const bytesOf = (text: string) => new TextEncoder().encode(text)

/** csvRecords over byte pieces, each piece its own stream chunk. */
const recordsOfBytes = (pieces: ReadonlyArray<Uint8Array>) =>
  csvRecords("test.csv", Stream.fromIterable(pieces).pipe(Stream.rechunk(1))).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toArray)
  )

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

describe("CsvSplitter", () => {
  it("numbers records by the line where they start, header = line 1", () => {
    expect(split("a,b\n1,2\n3,4\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, fields: ["3", "4"] }
    ])
  })

  it("reads CRLF files like LF files, without a stray \\r in the last field", () => {
    const lf = split("a,b\n1,2\n3,4\n")
    expect(split("a,b\r\n1,2\r\n3,4\r\n")).toEqual(lf)
    expect(split("a,b\r\n1,2\r\n3,4")).toEqual(lf)
  })

  it("reads a last line without a line end", () => {
    expect(split("a,b\n1,2")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] }
    ])
  })

  it('unescapes "" and keeps commas inside quotes', () => {
    expect(split('a,b\n"say ""hi""","x, y"\n')[1]).toEqual({ line: 2, fields: ['say "hi"', "x, y"] })
  })

  it("keeps line breaks inside quotes, and numbers the rows after them by file line", () => {
    const text = 'a,b\n"one\ntwo\nthree",1\n2,3\n"x\r\ny",4\n5,6\n'
    expect(plain(split(text))).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["one\ntwo\nthree", "1"] },
      { line: 5, fields: ["2", "3"] },
      { line: 6, fields: ["x\r\ny", "4"] },
      { line: 8, fields: ["5", "6"] }
    ])
  })

  it("keeps CRLF line breaks inside quotes of a CRLF file", () => {
    expect(plain(split('a,b\r\n"1\r\n2",x\r\n3,y\r\n'))).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1\r\n2", "x"] },
      { line: 4, fields: ["3", "y"] }
    ])
  })

  it("ignores blank trailing lines, LF or CRLF", () => {
    expect(split("a\n1\n\n\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 2, fields: ["1"] }
    ])
    expect(split("a\r\n1\r\n\r\n\r\n")).toEqual(split("a\n1\n"))
  })

  it("skips blank and whitespace-only lines in the middle, but still counts their lines", () => {
    expect(split("a\n\n1\n   \n2\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 3, fields: ["1"] },
      { line: 5, fields: ["2"] }
    ])
  })

  it("gives nothing for empty or blank text", () => {
    expect(split("")).toEqual([])
    expect(split("\n\n\r\n")).toEqual([])
  })

  it("flags an unterminated quote at the end of the file as a malformed record on its line", () => {
    const records = split('a,b\n1,2\n3,"never closed\nstill open')
    expect(records.slice(0, 2)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] }
    ])
    expect(records).toHaveLength(3)
    expect(records[2]).toMatchObject({ line: 3, malformed: expect.stringMatching(/unterminated/i) })
  })

  it("flags a quoted field with text after its closing quote as malformed", () => {
    const records = split('a,b\n"x"y,1\n"z",2\n')
    expect(records[1]).toMatchObject({ line: 2, malformed: expect.any(String) })
  })

  it("does not report a quote split across pieces as malformed", () => {
    const text = 'a,b\n"x""y","1"\n2,3\n'
    const whole = split(text)
    expect(whole.every((record) => record.malformed === undefined)).toBe(true)
    for (let at = 1; at < text.length; at++) expect(split(text.slice(0, at), text.slice(at))).toEqual(whole)
  })

  it("waits for the \\n of a CRLF split from its \\r", () => {
    expect(split("a,b\r", "\n1,2\r", "\n3,4")).toEqual(split("a,b\n1,2\n3,4"))
    expect(split('a,b\r\n"1\r', '\n",2\r', "\n3,4")).toEqual(plain(split('a,b\r\n"1\r\n",2\r\n3,4')))
  })
})

describe("csvRecords", () => {
  it.effect("strips a UTF-8 byte-order mark from the first header name", () =>
    Effect.gen(function* () {
      const records = yield* recordsOfBytes([bytesOf("\uFEFFid,score\n1,2\n")])
      expect(records[0]!.fields).toEqual(["id", "score"])
    }))

  it.effect("strips a byte-order mark that arrives split over pieces", () =>
    Effect.gen(function* () {
      const bytes = bytesOf("\uFEFFid,score\r\n1,2\r\n")
      const records = yield* recordsOfBytes([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)])
      expect(plain(records)).toEqual([
        { line: 1, fields: ["id", "score"] },
        { line: 2, fields: ["1", "2"] }
      ])
    }))

  it.effect("decodes multi-byte characters cut between pieces", () =>
    Effect.gen(function* () {
      const bytes = bytesOf("name\nZoë 😀 São\n")
      const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))
      const records = yield* recordsOfBytes(pieces)
      expect(records[1]!.fields).toEqual(["Zoë 😀 São"])
    }))

  it.effect("fails binary content as not CSV before emitting any record", () =>
    Effect.gen(function* () {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
      const seen: Array<CsvRecord> = []
      const result = yield* csvRecords("img.csv", Stream.make(png)).pipe(
        Stream.runForEach((record) => Effect.sync(() => seen.push(record))),
        Effect.either
      )
      expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "UnreadableFile", reason: expect.stringMatching(/binary/) })
      expect(seen).toEqual([])
    }))
})

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

describe("CsvSplitter on broken quoting", () => {
  const feed = (text: string, piece = 64 * 1024) => {
    const splitter = new CsvSplitter()
    const records: Array<CsvRecord> = []
    for (let at = 0; at < text.length; at += piece) for (const r of splitter.push(text.slice(at, at + piece))) records.push(r)
    for (const r of splitter.end()) records.push(r)
    return records
  }

  it("refuses a record left open past 1 MiB as one malformed row and reads on from the next line", () => {
    const good = "g,1\n".repeat(300_000)
    const records = feed(`a,b\nx,"unterminated\n${good}`)
    expect(records[1]).toMatchObject({ line: 2, malformed: expect.stringContaining("longer than 1 MiB") })
    const after = records.slice(2)
    expect(after.every((r) => r.malformed === undefined && r.fields.join() === "g,1")).toBe(true)
    expect(after[0]!.line).toBe(3)
    expect(after).toHaveLength(300_000)
  })

  it("drops an over-long line that has no line break for a while, then goes on", () => {
    const records = feed(`a,b\n"${"x".repeat(3 * 1024 * 1024)}\nz,1\n`, 100_000)
    expect(records.map((r) => [r.line, r.malformed === undefined ? r.fields.join() : "malformed"])).toEqual([
      [1, "a,b"],
      [2, "malformed"],
      [3, "z,1"]
    ])
  })

  it("reads the line ending outside quotes: a quoted break in the header does not decide it", () => {
    expect(feed('"a\nb",c\r\n1,2\r\n').map((r) => r.fields)).toEqual([["a\nb", "c"], ["1", "2"]])
  })
})
