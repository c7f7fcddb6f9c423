import { Chunk, Stream } from "effect"
import type { CsvBlock } from "./csvBlocks.js"
import { type CsvRecord, CsvSplitter } from "./csvSplitter.js"
import { decodeUtf8 } from "./escapingUtf8.js"
import { overlongRecordOf } from "./overlongLine.js"

const lineFeed = 0x0a
const quote = 0x22

/** Which lines of a file are wanted: a record starting at a line `at` marks. */
export interface MarkedLines {
  readonly at: (line: number) => unknown
  /** Whether any line in [from, to) is marked. */
  readonly anyIn: (from: number, to: number) => boolean
}

/** The records of some text (a header, or one record cut from a block). */
const recordsOf = (text: string): ReadonlyArray<CsvRecord> => {
  const splitter = new CsvSplitter()
  return [...splitter.push(text), ...splitter.end()]
}

const lineFeedsIn = (bytes: Buffer) => {
  let count = 0
  for (let at = bytes.indexOf(lineFeed); at !== -1; at = bytes.indexOf(lineFeed, at + 1)) count++
  return count
}

/** The end of the record that starts at `start` (after its line feed, outside quotes), or the block's end. */
const recordEnd = (bytes: Buffer, start: number): number => {
  let quotes = 0
  let at = start
  for (;;) {
    const feed = bytes.indexOf(lineFeed, at)
    const end = feed === -1 ? bytes.length : feed + 1
    for (let q = bytes.indexOf(quote, at); q !== -1 && q < end; q = bytes.indexOf(quote, q + 1)) quotes++
    if (quotes % 2 === 0 || feed === -1) return end
    at = end
  }
}

/**
 * Stage: a CSV file's blocks (csvBlocks, in file order) → its header record, then the
 * records that start at a marked line, each with its line in the file. The other records
 * are never parsed: a block with no marked line is passed over at the cost of counting
 * its line feeds, and a marked record is cut from its block at its line and parsed alone.
 * Lines are counted as the loaders count them (every line feed, quoted ones included; an
 * overlong record's block is one line, and its record has the fields kept of its first line).
 */
export const markedRecords =
  (marked: MarkedLines) =>
  <E, R>(blocks: Stream.Stream<CsvBlock, E, R>): Stream.Stream<CsvRecord, E, R> =>
    Stream.suspend(() => {
      let firstLine = 1
      const take = (block: CsvBlock): ReadonlyArray<CsvRecord> => {
        const from = firstLine
        if (block.overlong) {
          firstLine += 1
          if (marked.at(from) === undefined) return []
          const [kept] = recordsOf(decodeUtf8(block.bytes)) // what was kept of its fields
          return [overlongRecordOf(block.overlongKind, from, kept?.fields ?? [])]
        }
        const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length)
        const lines = lineFeedsIn(bytes) + (bytes.length > 0 && bytes[bytes.length - 1] !== lineFeed ? 1 : 0)
        firstLine += lineFeedsIn(bytes)
        if (block.index === 0) {
          const records = recordsOf(decodeUtf8(bytes, true)) // the header is the first record; the block is parsed whole
          return records.filter((record, i) => i === 0 || marked.at(record.line) !== undefined)
        }
        if (!marked.anyIn(from, from + lines)) return []
        const found: Array<CsvRecord> = []
        for (let line = from, at = 0; at < bytes.length; line++) {
          const next = bytes.indexOf(lineFeed, at)
          if (marked.at(line) !== undefined) {
            const end = recordEnd(bytes, at)
            const [record] = recordsOf(decodeUtf8(bytes.subarray(at, end)))
            if (record !== undefined) found.push({ ...record, line })
          }
          if (next === -1) break
          at = next + 1
        }
        return found
      }
      return Stream.mapConcatChunk(blocks, (block) => Chunk.unsafeFromArray(take(block)))
    })
