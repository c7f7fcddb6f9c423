import { Schema } from "effect"
import { optional } from "./optional.js"
import { BooleanFromCsv, FiniteFromCsv, TrimmedNonEmpty, ValidEmail } from "./csvFields.js"

/**
 * One row of a scored fanlist (SPEC §3.2). Identifiers are optional one by one; a row
 * needs at least one of them, which is checked after decoding.
 */
export const FanlistRow = Schema.Struct({
  globalUserId: optional(TrimmedNonEmpty),
  memberId: optional(TrimmedNonEmpty),
  email: optional(ValidEmail),
  score: FiniteFromCsv,
  isVerified: optional(BooleanFromCsv)
})
export type FanlistRow = typeof FanlistRow.Type

export const fanlistColumns: ReadonlyArray<string> = Object.keys(FanlistRow.fields)
export const fanlistIdentifierColumns = ["globalUserId", "memberId", "email"] as const
