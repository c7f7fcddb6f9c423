import { Data, ParseResult } from "effect"

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

/** The first problem of a Schema decoding failure, as `field: what was wrong`. */
export const describeParseError = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (!issue) return "invalid row"
  const field = issue.path.map(String).join(".")
  const message = issue._tag === "Missing" ? "required, but empty" : issue.message
  return field === "" ? message : `${field}: ${message}`
}
