import { Schema } from "effect"
import {
  BooleanFromCsv,
  FiniteFromCsv,
  LowercasedEmail,
  NonNegativeIntFromCsv,
  TagsFromPipes,
  TrimmedNonEmpty
} from "./csvFields.js"

/**
 * One row of a scrubbed registrants file (SPEC §3.1), as decoded from its columns.
 * Empty optional fields are absent before decoding; rank and campaign rules that need
 * the whole row or the file's key are applied after.
 */
export const ScrubbedRow = Schema.Struct({
  globalUserId: TrimmedNonEmpty,
  rank: Schema.optional(NonNegativeIntFromCsv),
  id: Schema.optional(Schema.String),
  campaign_id: Schema.optional(Schema.String),
  score: FiniteFromCsv,
  localFanscore: Schema.optional(FiniteFromCsv),
  accountFanscore: Schema.optional(FiniteFromCsv),
  bandScore: Schema.optional(FiniteFromCsv),
  isVerified: BooleanFromCsv,
  "nudetect.score": Schema.optional(FiniteFromCsv),
  "nudetect.scoreBand": Schema.optional(Schema.String),
  review_notes: Schema.optional(TagsFromPipes),
  hbase: Schema.optional(Schema.String),
  event_id: Schema.optional(Schema.String),
  memberId: Schema.optional(Schema.String),
  email: Schema.optional(LowercasedEmail),
  phone: Schema.optional(Schema.String),
  phoneType: Schema.optional(Schema.String),
  phoneConfirmedDate: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  locale: Schema.optional(Schema.String)
})
export type ScrubbedRow = typeof ScrubbedRow.Type

/** The columns of a scrubbed file this worker reads; any other column is ignored. */
export const scrubbedColumns: ReadonlyArray<string> = Object.keys(ScrubbedRow.fields)

/** Columns every scrubbed file must have in its header. */
export const requiredScrubbedColumns: ReadonlyArray<string> = ["globalUserId", "score", "isVerified"]
