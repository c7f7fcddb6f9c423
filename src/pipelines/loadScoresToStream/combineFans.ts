import { HashedIdSet, idHash } from "../shared/HashedIdSet.js"
import { DuplicateRow, InvalidRow, type RejectedRow } from "../shared/rowErrors.js"
import type { RankedRow } from "./decodeScrubbedRows.js"

/** The rows of one fan, in file order, one per rank. */
export interface FanGroup {
  readonly globalUserId: string
  readonly rows: ReadonlyArray<RankedRow>
}

/** Where the combiner hands what it decided: each fan's group once its rows end, and the rows it refused. */
export interface FanSink {
  readonly fan: (group: FanGroup) => void
  readonly reject: (row: RejectedRow) => void
}

/** The fan whose rows are being read (a class, not a literal: see csvSplitter on pretenuring). */
class OpenFan implements FanGroup {
  readonly rows: Array<RankedRow>
  constructor(
    readonly globalUserId: string,
    first: RankedRow,
    /** The id's hashes, taken once for the lookup and kept for the add. */
    readonly hash: { readonly high: number; readonly low: number }
  ) {
    this.rows = new Array<RankedRow>(1)
    this.rows[0] = first
  }
}

const hasRank = (rows: ReadonlyArray<RankedRow>, rank: number) => {
  for (let i = 0; i < rows.length; i++) if (rows[i]!.rank === rank) return true
  return false
}

/**
 * Combines each fan's contiguous rows into one group. A second row of a fan with a
 * rank already seen is a duplicate; a fan whose rows come back after other fans' rows
 * has those later rows refused (`fan rows not contiguous`), and its first group stands.
 */
export class FanCombiner {
  private current: OpenFan | undefined
  /** Fans whose group has closed: 16 bytes a fan (see HashedIdSet). */
  private readonly finished = new HashedIdSet()

  constructor(private readonly sink: FanSink) {}

  push(row: RankedRow): void {
    const fan = row.row.globalUserId
    const current = this.current
    if (current !== undefined && current.globalUserId === fan) {
      if (hasRank(current.rows, row.rank)) this.sink.reject(new DuplicateRow({ line: row.line, reason: "duplicate" }))
      else current.rows.push(row)
    } else {
      const hash = idHash(fan)
      if (this.finished.hasHash(hash.high, hash.low)) {
        this.sink.reject(new InvalidRow({ line: row.line, reason: "fan rows not contiguous" }))
        return
      }
      this.end()
      this.current = new OpenFan(fan, row, hash)
    }
  }

  /** Closes the fan whose rows are being read (at the end of the file, or when another fan's rows start). */
  end(): void {
    const current = this.current
    if (current === undefined) return
    this.finished.addHash(current.hash.high, current.hash.low)
    this.current = undefined
    this.sink.fan(current)
  }
}
