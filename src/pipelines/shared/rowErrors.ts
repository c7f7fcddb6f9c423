import { Data } from "effect"

/** A data row that breaks a rule: counted, logged with its line and reason, kept in the result. */
export class InvalidRow extends Data.TaggedError("InvalidRow")<{
  readonly line: number
  readonly reason: string
}> {}

/** A row that repeats one already taken: dropped and counted. */
export class DuplicateRow extends Data.TaggedError("DuplicateRow")<{
  readonly line: number
  readonly reason: string
}> {}

export type RejectedRow = InvalidRow | DuplicateRow
