import { idHash } from "../rows/HashedIdSet.js"
import type { RankedRow } from "./decodeScrubbedRows.js"
import { fanRecordJson } from "./fanRecordJson.js"

/** The rows of one fan, in file order, one per rank. */
export interface FanGroup {
  readonly globalUserId: string
  readonly rows: ReadonlyArray<RankedRow>
}

/**
 * The fans of one block, each a run of contiguous rows of one fan, in file order, as
 * plain arrays (a worker thread hands them over with little copying). Each fan has its
 * id and the id's hashes, the lines of its rows (`duplicate` marks a rank already taken
 * within the run), and its fan record's JSON in UTF-8. The rows themselves travel only
 * for the first and the last fan: those may go on in the blocks around.
 */
export interface BlockFans {
  readonly count: number
  readonly ids: ReadonlyArray<string>
  readonly high: Uint32Array
  readonly low: Uint32Array
  /** Fan i's lines are lines[lineStarts[i]…lineStarts[i + 1]), lines of the block (1-based). */
  readonly lineStarts: Uint32Array
  readonly lines: Uint32Array
  readonly duplicate: Uint8Array
  /** Fan i's record is records[recordEnds[i - 1] ?? 0 … recordEnds[i]). */
  readonly recordEnds: Uint32Array
  readonly records: Uint8Array
  readonly firstRows: ReadonlyArray<RankedRow>
  readonly lastRows: ReadonlyArray<RankedRow>
  /** Every fan's rows: only when asked for (a block read again to merge a fan in its middle). */
  readonly allRows: ReadonlyArray<ReadonlyArray<RankedRow>> | undefined
}

/** Whether a fan's rows already hold this rank (a fan has a few rows). */
export const hasRank = (rows: ReadonlyArray<RankedRow>, rank: number) => {
  for (let i = 0; i < rows.length; i++) if (rows[i]!.rank === rank) return true
  return false
}

/** Gathers a block's rows into BlockFans, writing each fan's record as its run ends. */
export class BlockFansBuilder {
  private readonly ids: Array<string> = []
  private readonly high: Array<number> = []
  private readonly low: Array<number> = []
  private readonly lineStarts: Array<number> = [0]
  private readonly lines: Array<number> = []
  private readonly duplicate: Array<number> = []
  private readonly recordEnds: Array<number> = []
  /** The records' JSON in UTF-8, one after the other. */
  private records: Buffer
  private used = 0
  private rows: Array<RankedRow> = []
  private firstRows: ReadonlyArray<RankedRow> = []
  private readonly allRows: Array<ReadonlyArray<RankedRow>> | undefined

  constructor(
    private readonly campaignIdJson: string,
    private readonly metaJson: string,
    /** Bytes of the block's CSV: its records take about twice as many (the buffer grows when they need more). */
    csvBytes: number,
    keepRows = false
  ) {
    this.allRows = keepRows ? [] : undefined
    this.records = Buffer.allocUnsafeSlow(Math.max(4096, Math.ceil(2.5 * csvBytes)))
  }

  push(row: RankedRow): void {
    const open = this.rows
    if (open.length > 0 && open[0]!.row.globalUserId !== row.row.globalUserId) this.close()
    const duplicate = this.rows.length > 0 && hasRank(this.rows, row.rank)
    this.lines.push(row.line)
    this.duplicate.push(duplicate ? 1 : 0)
    if (!duplicate) this.rows.push(row)
  }

  end(): BlockFans {
    const lastRows = this.rows
    if (lastRows.length > 0) this.close()
    const count = this.ids.length
    return {
      count,
      ids: this.ids,
      high: Uint32Array.from(this.high),
      low: Uint32Array.from(this.low),
      lineStarts: Uint32Array.from(this.lineStarts),
      lines: Uint32Array.from(this.lines),
      duplicate: Uint8Array.from(this.duplicate),
      recordEnds: Uint32Array.from(this.recordEnds),
      records: this.records.subarray(0, this.used), // in an ArrayBuffer of its own (never pooled): it may be moved to another thread
      firstRows: this.firstRows,
      lastRows: count > 0 ? lastRows : [],
      allRows: this.allRows
    }
  }

  private close(): void {
    const rows = this.rows
    const id = rows[0]!.row.globalUserId
    const hash = idHash(id)
    this.ids.push(id)
    this.high.push(hash.high)
    this.low.push(hash.low)
    this.lineStarts.push(this.lines.length)
    this.write(fanRecordJson(this.campaignIdJson, { globalUserId: id, rows }, this.metaJson))
    this.recordEnds.push(this.used)
    if (this.ids.length === 1) this.firstRows = rows
    this.allRows?.push(rows)
    this.rows = []
  }

  private write(json: string): void {
    if (this.used + 3 * json.length > this.records.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.records.length, this.used + 3 * json.length))
      this.records.copy(grown, 0, 0, this.used)
      this.records = grown
    }
    this.used += this.records.write(json, this.used)
  }
}
