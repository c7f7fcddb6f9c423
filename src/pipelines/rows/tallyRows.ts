import { Effect, Stream } from "effect"
import type { ErrorList } from "./errorList.js"
import type { RejectedLines } from "../quality/RejectedLines.js"
import type { RejectedRow } from "./rowErrors.js"

/** The row counts of a file's run: every data row is exactly one of valid, invalid, duplicate. */
export interface RowTally {
  valid: number
  invalid: number
  duplicate: number
  readonly errors: ErrorList
  /** Every refused row's line, for the rejects file (SPEC §12). */
  readonly rejected?: RejectedLines
}

/** What a stage decided about some rows: how many it took, and those it refused. */
export interface RowsDecided {
  readonly valid: number
  readonly refused: ReadonlyArray<RejectedRow>
}

/** Counts a decision into the tally: its refused rows are kept in the errors and logged as warnings. */
export const countRows = (tally: RowTally, decided: RowsDecided): Effect.Effect<void> => {
  tally.valid += decided.valid
  if (decided.refused.length === 0) return Effect.void
  return Effect.forEach(
    decided.refused,
    (row) => {
      if (row._tag === "DuplicateRow") tally.duplicate++
      else tally.invalid++
      tally.errors.add(row.line, row.reason)
      tally.rejected?.mark(row.line, row.reason)
      return Effect.logWarning(`line ${row.line}: ${row.reason}`)
    },
    { discard: true }
  )
}

/** Stage: passes decisions on, once counted into `tally` (countRows), in the order they come. */
export const tallyRows =
  (tally: RowTally) =>
  <A extends RowsDecided, E, R>(decided: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
    Stream.tap(decided, (rows) => countRows(tally, rows))
