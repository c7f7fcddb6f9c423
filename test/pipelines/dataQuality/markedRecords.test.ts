import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { csvBlocks } from "../../../src/pipelines/csv/csvBlocks.js"
import { csvRecords } from "../../../src/pipelines/csv/csvStream.js"
import { markedRecords } from "../../../src/pipelines/csv/markedRecords.js"
import { RejectedLines } from "../../../src/pipelines/quality/RejectedLines.js"

/** The rejects file's reader: the marked records, cut from blocks of whole records, equal the parser's own records of those lines. */

const rows = Array.from({ length: 400 }, (_, i) =>
  i % 7 === 0 ? `g${i},"a note, with ""quotes""\r\nand a second line",0.${i % 10}` : `g${i},plain ${i},0.${i % 10}`
)
const text = `\uFEFFid,note,score\r\n${rows.join("\r\n")}\r\n`
const bytes = () => Stream.fromIterable([new TextEncoder().encode(text)]).pipe(Stream.rechunk(1))

describe("markedRecords", () => {
  it.effect("gives the header and exactly the parser's records of the marked lines, from blocks of a few records", () =>
    Effect.gen(function* () {
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(csvRecords("f.csv", bytes())))
      const marked = new RejectedLines()
      const chosen = all.filter((_record, i) => i > 0 && (i % 5 === 0 || i % 7 === 1))
      for (const record of chosen) marked.mark(record.line, "unranked")
      expect(chosen.some((record) => record.fields[1]!.includes("\n"))).toBe(true)
      for (const blockBytes of [64, 300, 4096, 1 << 20]) {
        const found = yield* Stream.runCollect(csvBlocks("f.csv", bytes(), blockBytes).pipe(markedRecords(marked)))
        expect({ blockBytes, records: Chunk.toReadonlyArray(found).map(({ line, fields }) => ({ line, fields })) }).toEqual({
          blockBytes,
          records: [all[0]!, ...chosen].map(({ line, fields }) => ({ line, fields }))
        })
      }
    }))
})
