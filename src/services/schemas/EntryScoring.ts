import { Schema } from "effect"
import { optional } from "./optional.js"

/** One record of `POST /campaigns/{campaignId}/scoring` (SPEC §7). */
export const EntryScoringRecord = Schema.Struct({
  memberId: optional(Schema.String),
  globalUserId: Schema.String,
  phoneType: optional(Schema.String),
  phone: optional(Schema.String),
  phoneConfirmedDate: optional(Schema.String),
  email: optional(Schema.String),
  firstName: optional(Schema.String),
  lastName: optional(Schema.String),
  verdict: Schema.Boolean,
  score: Schema.Number,
  localFanscore: optional(Schema.Number),
  bandScore: optional(Schema.Number),
  marketId: Schema.String,
  locale: optional(Schema.String)
})
export type EntryScoringRecord = typeof EntryScoringRecord.Type

/** The Entry Service's answer to a scoring POST. */
export const EntryScoringReply = Schema.Struct({
  inserted: Schema.Number,
  updated: Schema.Number,
  found: Schema.Number
})
export type EntryScoringReply = typeof EntryScoringReply.Type
