import type { Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import { splitCsvBytes } from "./csvBytes.js"
import { maxRecordLength } from "./csvSplitter.js"
import { type OverlongKind, OverlongLineFields } from "./overlongLine.js"

/**
 * Whole records of a CSV file, cut at a line break outside quotes, in bytes of their own
 * (a block can be handed to another thread without copying). `overlong` marks the block of
 * a record still open after 1 MiB: its bytes are then what was kept of its first line's
 * fields (OverlongLineFields), and the next block starts at the line after that one, as
 * CsvSplitter does.
 */
export interface CsvBlock {
  readonly index: number
  readonly bytes: Uint8Array
  readonly overlong: boolean
  /** Why an overlong block's record was still open (absent: an unterminated quote). */
  readonly overlongKind?: OverlongKind
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
  /** Inside an overlong record's first line, until its line feed comes: what is kept of its fields. */
  private openLine: { readonly kind: OverlongKind; readonly fields: OverlongLineFields } | undefined

  constructor(private readonly blockBytes = defaultBlockBytes) {}

  push(piece: Uint8Array): Array<CsvBlock> {
    let kept = piece
    const blocks: Array<CsvBlock> = []
    if (this.openLine !== undefined) {
      const after = this.openLine.fields.take(piece, 0)
      if (after === -1) return []
      blocks.push(this.overlongBlock())
      kept = piece.subarray(after)
    }
    if (kept.length > 0) {
      this.pieces.push(kept)
      this.size += kept.length
    }
    return this.size < this.blockBytes ? blocks : [...blocks, ...this.cut(false)]
  }

  end(): Array<CsvBlock> {
    const open = this.openLine === undefined ? [] : [this.overlongBlock()] // the file ended inside its line
    return this.size === 0 ? open : [...open, ...this.cut(true)]
  }

  private cut(final: boolean): Array<CsvBlock> {
    const bytes = Buffer.concat(this.pieces, this.size)
    const blocks: Array<CsvBlock> = []
    let start = 0
    while (start < bytes.length && (final || bytes.length - start >= this.blockBytes)) {
      const end = this.blockEnd(bytes, start, final)
      if (end > start) {
        blocks.push(this.block(bytes.subarray(start, end)))
        start = end
      } else if (bytes.length - start > maxRecordLength) {
        const kind = quotesIn(bytes, start, bytes.length) % 2 === 1 ? "unterminated quote" : "long line"
        this.openLine = { kind, fields: new OverlongLineFields() }
        const after = this.openLine.fields.take(bytes, start)
        if (after !== -1) blocks.push(this.overlongBlock())
        start = after === -1 ? bytes.length : after
      } else break
    }
    const rest = bytes.subarray(start)
    this.pieces = rest.length > 0 ? [rest] : []
    this.size = rest.length
    return blocks
  }

  /**
   * Where the block from `start` ends: at the end of the file when the rest fits one block
   * (a small file is one block, even when its last record is unterminated); else at the
   * last record end within blockBytes; for a record longer than that, at the last record
   * end there is; at the end of the file for its last record; else `start` (the record goes
   * on in bytes still to come).
   */
  private blockEnd(bytes: Buffer, start: number, final: boolean): number {
    if (final && bytes.length - start <= this.blockBytes) return bytes.length
    const limit = Math.min(bytes.length, start + this.blockBytes)
    const within = lastRecordEnd(bytes, start, limit)
    if (within > start) return within
    const further = limit < bytes.length ? lastRecordEnd(bytes, start, bytes.length) : start
    if (further > start) return further
    return final ? bytes.length : start
  }

  private block(bytes: Uint8Array, overlong?: OverlongKind): CsvBlock {
    const copy = new Uint8Array(bytes) // an ArrayBuffer of its own
    return overlong === undefined ? { index: this.index++, bytes: copy, overlong: false } : { index: this.index++, bytes: copy, overlong: true, overlongKind: overlong }
  }

  private overlongBlock(): CsvBlock {
    const { kind, fields } = this.openLine!
    this.openLine = undefined
    return this.block(fields.render(), kind)
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
