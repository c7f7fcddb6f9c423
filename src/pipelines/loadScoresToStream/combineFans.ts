import { Either } from "effect"
import { HashedIdSet } from "../shared/HashedIdSet.js"
import { DuplicateRow, InvalidRow, type RejectedRow } from "../shared/rowErrors.js"
import type { RankedRow } from "./decodeScrubbedRows.js"

/** The rows of one fan, in file order, one per rank. */
export interface FanGroup {
  readonly globalUserId: string
  readonly rows: ReadonlyArray<RankedRow>
}

/**
 * Combines each fan's contiguous rows into one group. A second row of a fan with a
 * rank already seen is a duplicate; a fan whose rows come back after other fans' rows
 * has those later rows refused (`fan rows not contiguous`), and its first group stands.
 */
export class FanCombiner {
  private current: { globalUserId: string; rows: Array<RankedRow>; ranks: Set<number> } | undefined
  /** Fans whose group has closed: 16 bytes a fan (see HashedIdSet). */
  private readonly finished = new HashedIdSet()

  push(rows: Iterable<RankedRow>): Array<Either.Either<FanGroup, RejectedRow>> {
    const out: Array<Either.Either<FanGroup, RejectedRow>> = []
    for (const row of rows) {
      const fan = row.row.globalUserId
      if (this.current?.globalUserId === fan) {
        if (this.current.ranks.has(row.rank)) {
          out.push(Either.left(new DuplicateRow({ line: row.line, reason: "duplicate" })))
        } else {
          this.current.ranks.add(row.rank)
          this.current.rows.push(row)
        }
      } else if (this.finished.has(fan)) {
        out.push(Either.left(new InvalidRow({ line: row.line, reason: "fan rows not contiguous" })))
      } else {
        this.close(out)
        this.current = { globalUserId: fan, rows: [row], ranks: new Set([row.rank]) }
      }
    }
    return out
  }

  end(): Array<Either.Either<FanGroup, RejectedRow>> {
    const out: Array<Either.Either<FanGroup, RejectedRow>> = []
    this.close(out)
    return out
  }

  private close(out: Array<Either.Either<FanGroup, RejectedRow>>) {
    if (this.current === undefined) return
    this.finished.add(this.current.globalUserId)
    out.push(Either.right({ globalUserId: this.current.globalUserId, rows: this.current.rows }))
    this.current = undefined
  }
}
