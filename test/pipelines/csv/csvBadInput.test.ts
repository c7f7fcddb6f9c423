import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { csvBlocks, type CsvBlock } from "../../../src/pipelines/csv/csvBlocks.js"
import { csvRecords } from "../../../src/pipelines/csv/csvStream.js"
import { markedRecords } from "../../../src/pipelines/csv/markedRecords.js"

/** CSV bytes that break the rules: bytes that are not UTF-8, records over 1 MiB, a quote left open at the end. */

const piecesOf = (bytes: Uint8Array, size = 64 * 1024) => Stream.fromIterable(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)))
const records = (bytes: Uint8Array) => Effect.map(Stream.runCollect(csvRecords("f.csv", piecesOf(bytes))), Chunk.toArray)
const blocks = (bytes: Uint8Array, blockBytes?: number) => Effect.map(Stream.runCollect(csvBlocks("f.csv", piecesOf(bytes), blockBytes)), Chunk.toArray)
const bytesOf = (...parts: ReadonlyArray<string | ReadonlyArray<number>>) => new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part)))))
const mib = 1024 * 1024
const long = "x".repeat(5 * mib)

describe("csvRecords on bad bytes and long records", () => {
  it.effect("marks the first field holding bytes that are not UTF-8, cut across pieces or not; other records are untouched", () =>
    Effect.gen(function* () {
      const file = bytesOf("id,city,email\n1,Den", [0xc3], "ver,a@b.co\n2,Paris,", [0xff, 0xfe], "@b.co\n3,Zürich,c@d.co\n")
      for (const size of [1, 2, 7, 64 * 1024]) {
        const found = yield* Effect.map(Stream.runCollect(csvRecords("f.csv", piecesOf(file, size))), Chunk.toArray)
        expect(found.map((r) => [r.line, r.invalidBytesAt])).toEqual([[1, undefined], [2, 1], [3, 2], [4, undefined]])
        expect(found[3]!.fields[1]).toBe("Zürich")
      }
    }))

  it.effect("reads a first line over 1 MiB as one record too long at line 1 (not as an empty file), and reads on after it", () =>
    Effect.gen(function* () {
      const found = yield* records(bytesOf(long, "\na,b\n"))
      expect(found.map((r) => [r.line, r.tooLong, r.malformed, r.fields.join()])).toEqual([[1, true, undefined, ""], [2, undefined, undefined, "a,b"]])
    }))

  it.effect("tells a line too long (quotes closed) from a quote left open past 1 MiB", () =>
    Effect.gen(function* () {
      const [, tooLong] = yield* records(bytesOf("a,b\n1,", long, ",c\n"))
      expect([tooLong!.line, tooLong!.tooLong, tooLong!.malformed]).toEqual([2, true, undefined])
      const [, open] = yield* records(bytesOf('a,b\n1,"', long, ",c\n"))
      expect([open!.line, open!.tooLong, open!.malformed]).toEqual([2, undefined, expect.stringContaining("unterminated quote")])
    }))
})

describe("csvBlocks on bad input", () => {
  it.effect("cuts a small file whose last record leaves a quote open into one block, not two", () =>
    Effect.gen(function* () {
      const file = bytesOf('id,globalUserId,score\ng1,g1,"0.5\n')
      expect((yield* blocks(file, 512 * 1024)).map((block) => block.bytes.length)).toEqual([file.length])
      const unended = bytesOf("id,globalUserId,score\ng1,g1,0.5\ng2,g2,0.6")
      expect(yield* blocks(unended, 512 * 1024)).toHaveLength(1)
    }))

  it.effect("keeps the fields of a line too long, each cut to 1 KiB at a character, and the rejects reading gets them", () =>
    Effect.gen(function* () {
      const file = bytesOf("id,hbase,email,note\ng1,", "é".repeat(3 * mib), ',"a@b.co","say ""hi"", then"\ng2,Denver,c@d.co,ok\n')
      const cut = yield* blocks(file)
      const overlong = cut.filter((block: CsvBlock) => block.overlong)
      expect(overlong.map((block) => block.overlongKind)).toEqual(["long line"])
      expect(overlong[0]!.bytes.length).toBeLessThan(2048)
      const marked = { at: (line: number) => (line === 2 ? "invalid" : undefined), anyIn: (from: number, to: number) => from <= 2 && 2 < to }
      const [header, row] = Chunk.toArray(yield* Stream.runCollect(markedRecords(marked)(Stream.fromIterable(cut))))
      expect(header!.fields).toEqual(["id", "hbase", "email", "note"])
      expect(row!.line).toBe(2)
      expect(row!.tooLong).toBe(true)
      expect(row!.fields[0]).toBe("g1")
      expect(row!.fields[1]).toBe(`${"é".repeat(512)}…`)
      expect(row!.fields.slice(2)).toEqual(["a@b.co", 'say "hi", then'])
    }))
})
