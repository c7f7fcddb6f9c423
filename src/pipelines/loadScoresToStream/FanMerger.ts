import { HashedIdSet } from "../rows/HashedIdSet.js"
import { Outbound, outbound } from "../delivery/recordBatches.js"
import { DuplicateRow, InvalidRow, type RejectedRow } from "../rows/rowErrors.js"
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

/** What the merger decided on taking a block (or at the end): fan records, rows refused (by line), rows taken. */
export interface MergedBlock {
  readonly records: ReadonlyArray<Outbound<FanLine>>
  readonly refused: ReadonlyArray<RejectedRow>
  readonly valid: number
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

const byLine = (a: RejectedRow, b: RejectedRow) => a.line - b.line

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
  /** What the block being taken decided: handed back, and started afresh, by `decided`. */
  private records: Array<Outbound<FanLine>> = []
  private refused: Array<RejectedRow> = []
  private valid = 0

  constructor(
    private readonly campaignIdJson: string,
    private readonly metaJson: string
  ) {}

  /** Takes the block's fans (with the rows its decoder refused, already placed in the file); gives back what was decided. */
  take(block: PlacedBlock, refusedByDecoder: ReadonlyArray<RejectedRow>): MergedBlock {
    for (const row of refusedByDecoder) this.refused.push(row)
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
        for (let j = from; j < to; j++) this.refused.push(new InvalidRow({ line: base + fans.lines[j]!, reason: "fan rows not contiguous" }))
      } else {
        this.close()
        let accepted = 0
        for (let j = from; j < to; j++) {
          if (fans.duplicate[j] === 1) this.refused.push(new DuplicateRow({ line: base + fans.lines[j]!, reason: "duplicate" }))
          else accepted++
        }
        const record = fans.records.subarray(recordStart, recordEnd)
        this.open = new OpenFan(id, fans.high[i]!, fans.low[i]!, base + fans.lines[from]!, accepted, record, block, i)
      }
      recordStart = recordEnd
    }
    return this.decided()
  }

  /** At the end of the file: the last fan's record. */
  end(): MergedBlock {
    this.close()
    return this.decided()
  }

  private decided(): MergedBlock {
    const merged = { records: this.records, refused: this.refused.sort(byLine), valid: this.valid }
    this.records = []
    this.refused = []
    this.valid = 0
    return merged
  }

  /** Closes the open fan (at the end of the file, or when another fan's rows start). */
  private close(): void {
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    this.finished.addHash(open.high, open.low)
    this.valid += open.accepted
    this.records.push(
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
        this.refused.push(new DuplicateRow({ line, reason: "duplicate" }))
        continue
      }
      const row = rows[next++]!
      if (hasRank(merged, row.rank)) this.refused.push(new DuplicateRow({ line, reason: "duplicate" }))
      else merged.push(row)
    }
    open.accepted = merged.length
  }
}
