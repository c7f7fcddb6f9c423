import { describe, expect, it } from "@effect/vitest"
import { type CsvRecord, CsvSplitter } from "../../../src/pipelines/csv/csvSplitter.js"

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
