import type { Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import { splitCsvBytes } from "./csvBytes.js"
import { maxRecordLength } from "./csvSplitter.js"

/**
 * Whole records of a CSV file, cut at a line break outside quotes, in bytes of their own
 * (a block can be handed to another thread without copying). `overlong` marks the first
 * line of a record still open after 1 MiB (an unterminated quote, most likely): that line
 * is dropped, and the next block starts at the line after it, as CsvSplitter does.
 */
export interface CsvBlock {
  readonly index: number
  readonly bytes: Uint8Array
  readonly overlong: boolean
}

/** Bytes gathered before a block is cut: some 6,000 rows of a scrubbed file. */
export const defaultBlockBytes = 1024 * 1024

const quote = 0x22
const lineFeed = 0x0a

const quotesIn = (bytes: Buffer, from: number, to: number): number => {
  let count = 0
  for (let at = bytes.indexOf(quote, from); at !== -1 && at < to; at = bytes.indexOf(quote, at + 1)) count++
  return count
}

/** The end of the last whole record in bytes[start…limit) (just after its line feed), or start when there is none. */
const lastRecordEnd = (bytes: Buffer, start: number, limit: number): number => {
  let quotes = quotesIn(bytes, start, limit)
  let end = limit
  while (end > start) {
    const lineFeedAt = bytes.lastIndexOf(lineFeed, end - 1)
    if (lineFeedAt < start) return start
    quotes -= quotesIn(bytes, lineFeedAt, end)
    if (quotes % 2 === 0) return lineFeedAt + 1
    end = lineFeedAt
  }
  return start
}

/** Cuts bytes pushed in pieces of any size into CsvBlocks of about `blockBytes`. */
export class CsvBlockCutter {
  private pieces: Array<Uint8Array> = []
  private size = 0
  private index = 0
  /** After an overlong record's first line when no line feed has come yet: bytes are dropped up to one. */
  private skipping = false

  constructor(private readonly blockBytes = defaultBlockBytes) {}

  push(piece: Uint8Array): Array<CsvBlock> {
    const kept = this.skipping ? this.afterLineFeed(piece) : piece
    if (kept.length === 0) return []
    this.pieces.push(kept)
    this.size += kept.length
    return this.size < this.blockBytes ? [] : this.cut(false)
  }

  end(): Array<CsvBlock> {
    return this.size === 0 ? [] : this.cut(true)
  }

  private cut(final: boolean): Array<CsvBlock> {
    const bytes = Buffer.concat(this.pieces, this.size)
    const blocks: Array<CsvBlock> = []
    let start = 0
    while (start < bytes.length && (final || bytes.length - start >= this.blockBytes)) {
      const end = this.blockEnd(bytes, start, final)
      if (end > start) {
        blocks.push(this.block(bytes.subarray(start, end), false))
        start = end
      } else if (bytes.length - start > maxRecordLength) {
        const lineFeedAt = bytes.indexOf(lineFeed, start)
        blocks.push(this.block(new Uint8Array(0), true))
        if (lineFeedAt === -1) this.skipping = true
        start = lineFeedAt === -1 ? bytes.length : lineFeedAt + 1
      } else break
    }
    const rest = bytes.subarray(start)
    this.pieces = rest.length > 0 ? [rest] : []
    this.size = rest.length
    return blocks
  }

  /**
   * Where the block from `start` ends: at the last record end within blockBytes; for a
   * record longer than that, at the last record end there is; at the end of the file for
   * its last record; else `start` (the record goes on in bytes still to come).
   */
  private blockEnd(bytes: Buffer, start: number, final: boolean): number {
    const limit = Math.min(bytes.length, start + this.blockBytes)
    const within = lastRecordEnd(bytes, start, limit)
    if (within > start) return within
    const further = limit < bytes.length ? lastRecordEnd(bytes, start, bytes.length) : start
    if (further > start) return further
    return final ? bytes.length : start
  }

  private block(bytes: Uint8Array, overlong: boolean): CsvBlock {
    return { index: this.index++, bytes: new Uint8Array(bytes), overlong } // a copy: an ArrayBuffer of its own
  }

  private afterLineFeed(piece: Uint8Array): Uint8Array {
    const at = piece.indexOf(lineFeed)
    if (at === -1) return new Uint8Array(0)
    this.skipping = false
    return piece.subarray(at + 1)
  }
}

/** Bytes of a CSV file → its blocks of whole records, in file order (splitCsvBytes). */
export const csvBlocks = <E, R>(
  file: string,
  bytes: Stream.Stream<Uint8Array, E, R>,
  blockBytes = defaultBlockBytes
): Stream.Stream<CsvBlock, E | UnreadableFile, R> =>
  splitCsvBytes(file, bytes, () => {
    const cutter = new CsvBlockCutter(blockBytes)
    return { push: (piece) => cutter.push(piece), end: () => cutter.end() }
  })
