import { Data } from "effect"

/**
 * A data row that breaks a rule: counted, logged with its line and reason, kept in the
 * result. A plain tagged value, not an Error: rows are refused by the thousand and never
 * thrown, so no stack is captured.
 */
export class InvalidRow extends Data.TaggedClass("InvalidRow")<{
  readonly line: number
  readonly reason: string
}> {}

/** A row that repeats one already taken: dropped and counted. */
export class DuplicateRow extends Data.TaggedClass("DuplicateRow")<{
  readonly line: number
  readonly reason: string
}> {}

export type RejectedRow = InvalidRow | DuplicateRow
