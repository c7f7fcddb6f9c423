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
  rank: Schema.optionalWith(NonNegativeIntFromCsv, { exact: true }),
  id: Schema.optionalWith(Schema.String, { exact: true }),
  campaign_id: Schema.optionalWith(Schema.String, { exact: true }),
  score: FiniteFromCsv,
  localFanscore: Schema.optionalWith(FiniteFromCsv, { exact: true }),
  accountFanscore: Schema.optionalWith(FiniteFromCsv, { exact: true }),
  bandScore: Schema.optionalWith(FiniteFromCsv, { exact: true }),
  isVerified: BooleanFromCsv,
  "nudetect.score": Schema.optionalWith(FiniteFromCsv, { exact: true }),
  "nudetect.scoreBand": Schema.optionalWith(Schema.String, { exact: true }),
  review_notes: Schema.optionalWith(TagsFromPipes, { exact: true }),
  hbase: Schema.optionalWith(Schema.String, { exact: true }),
  event_id: Schema.optionalWith(Schema.String, { exact: true }),
  memberId: Schema.optionalWith(Schema.String, { exact: true }),
  email: Schema.optionalWith(LowercasedEmail, { exact: true }),
  phone: Schema.optionalWith(Schema.String, { exact: true }),
  phoneType: Schema.optionalWith(Schema.String, { exact: true }),
  phoneConfirmedDate: Schema.optionalWith(Schema.String, { exact: true }),
  firstName: Schema.optionalWith(Schema.String, { exact: true }),
  lastName: Schema.optionalWith(Schema.String, { exact: true }),
  locale: Schema.optionalWith(Schema.String, { exact: true })
})
export type ScrubbedRow = typeof ScrubbedRow.Type

/** The columns of a scrubbed file this worker reads; any other column is ignored. */
export const scrubbedColumns: ReadonlyArray<string> = Object.keys(ScrubbedRow.fields)

/** Columns every scrubbed file must have in its header. */
export const requiredScrubbedColumns: ReadonlyArray<string> = ["globalUserId", "score", "isVerified"]
