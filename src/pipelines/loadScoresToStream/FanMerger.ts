import { HashedIdSet } from "../shared/HashedIdSet.js"
import { Outbound, outbound } from "../shared/recordBatches.js"
import { DuplicateRow, InvalidRow, type RejectedRow } from "../shared/rowErrors.js"
import { type BlockFans, hasRank } from "./BlockFans.js"
import type { DecodedBlock } from "./decodeScrubbedBlock.js"
import type { RankedRow } from "./decodeScrubbedRows.js"
import { fanRecordJson } from "./fanRecordJson.js"

/** Line of the fan's first row: where a record that failed is reported. */
export type FanLine = number

/** A block placed in its file: its first line there, and how its fans' rows are had again. */
export interface PlacedBlock {
  readonly decoded: DecodedBlock
  readonly firstLine: number
  /** The block decoded again with every fan's rows (rare: a fan merged in a block's middle). */
  readonly again: () => BlockFans
}

/** Where the merger hands what it decided. */
export interface MergeSink {
  readonly record: (record: Outbound<FanLine>) => void
  readonly reject: (row: RejectedRow) => void
  readonly valid: (rows: number) => void
}

/** The fan whose rows are being read: its record as the block wrote it, until rows from elsewhere join it. */
class OpenFan {
  rows: Array<RankedRow> | undefined
  constructor(
    readonly id: string,
    readonly high: number,
    readonly low: number,
    readonly firstLine: number,
    public accepted: number,
    public record: Uint8Array | undefined,
    readonly block: PlacedBlock,
    readonly index: number
  ) {}
}

const rowsOf = (block: PlacedBlock, index: number): ReadonlyArray<RankedRow> => {
  const fans = block.decoded.fans
  if (index === 0) return fans.firstRows
  if (index === fans.count - 1) return fans.lastRows
  return block.again().allRows![index]!
}

/**
 * Combines the fans of blocks, taken in file order, into fan records, with the rules of
 * one pass over the rows: a fan's contiguous rows (across blocks too) make one record; a
 * rank already taken is a duplicate; rows of a fan whose record has closed are refused
 * (`fan rows not contiguous`) and leave the open fan open.
 */
export class FanMerger {
  private open: OpenFan | undefined
  /** Fans whose record has closed: 16 bytes a fan (see HashedIdSet). */
  private readonly finished = new HashedIdSet()

  constructor(
    private readonly campaignIdJson: string,
    private readonly metaJson: string,
    private readonly sink: MergeSink
  ) {}

  take(block: PlacedBlock): void {
    const fans = block.decoded.fans
    const base = block.firstLine - 1
    let recordStart = 0
    for (let i = 0; i < fans.count; i++) {
      const id = fans.ids[i]!
      const from = fans.lineStarts[i]!
      const to = fans.lineStarts[i + 1]!
      const recordEnd = fans.recordEnds[i]!
      const open = this.open
      if (open !== undefined && open.id === id) this.merge(open, rowsOf(block, i), fans, from, to, base)
      else if (this.finished.hasHash(fans.high[i]!, fans.low[i]!)) {
        for (let j = from; j < to; j++) this.sink.reject(new InvalidRow({ line: base + fans.lines[j]!, reason: "fan rows not contiguous" }))
      } else {
        this.end()
        let accepted = 0
        for (let j = from; j < to; j++) {
          if (fans.duplicate[j] === 1) this.sink.reject(new DuplicateRow({ line: base + fans.lines[j]!, reason: "duplicate" }))
          else accepted++
        }
        const record = fans.records.subarray(recordStart, recordEnd)
        this.open = new OpenFan(id, fans.high[i]!, fans.low[i]!, base + fans.lines[from]!, accepted, record, block, i)
      }
      recordStart = recordEnd
    }
  }

  /** Closes the open fan (at the end of the file, or when another fan's rows start). */
  end(): void {
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    this.finished.addHash(open.high, open.low)
    this.sink.valid(open.accepted)
    this.sink.record(
      open.rows === undefined
        ? Outbound.encoded(open.id, open.record!, open.firstLine)
        : outbound(open.id, fanRecordJson(this.campaignIdJson, { globalUserId: open.id, rows: open.rows }, this.metaJson), open.firstLine)
    )
  }

  /** Rows of the open fan found further on: its record is written again from all its rows. */
  private merge(open: OpenFan, rows: ReadonlyArray<RankedRow>, fans: BlockFans, from: number, to: number, base: number) {
    const merged = (open.rows ??= [...rowsOf(open.block, open.index)])
    open.record = undefined
    let next = 0
    for (let j = from; j < to; j++) {
      const line = base + fans.lines[j]!
      if (fans.duplicate[j] === 1) {
        this.sink.reject(new DuplicateRow({ line, reason: "duplicate" }))
        continue
      }
      const row = rows[next++]!
      if (hasRank(merged, row.rank)) this.sink.reject(new DuplicateRow({ line, reason: "duplicate" }))
      else merged.push(row)
    }
    open.accepted = merged.length
  }
}
