import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Stream } from "effect"
import { csvRecords } from "../../../src/pipelines/csv/csvStream.js"
import type { CsvRecord } from "../../../src/pipelines/csv/csvSplitter.js"
import { bytesOf, plain, recordsOfBytes, split } from "./csvSplitterFixture.js"

/** Splitting CSV text into records. Cut anywhere (property): csvSplitterChunks.test.ts; broken quoting: csvSplitterRecovery.test.ts. */

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
