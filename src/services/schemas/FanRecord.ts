import { Schema } from "effect"

/** What a fan registered for at one rank (market preference). */
export const RankEvent = Schema.Struct({
  market: Schema.optional(Schema.String),
  eventId: Schema.optional(Schema.String)
})
export type RankEvent = typeof RankEvent.Type

export const RecordMeta = Schema.Struct({
  correlation: Schema.String,
  date: Schema.Number,
  source: Schema.String
})
export type RecordMeta = typeof RecordMeta.Type

/**
 * One fan of one campaign as it travels on the scores stream (SPEC §3.1): the fan-level
 * fields of the fan's lowest-rank row, and the events of every rank. Absent optional
 * values are omitted, never null.
 */
export const FanRecord = Schema.Struct({
  campaignId: Schema.String,
  globalUserId: Schema.String,
  memberId: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  score: Schema.Number,
  localFanscore: Schema.optional(Schema.Number),
  accountFanscore: Schema.optional(Schema.Number),
  bandScore: Schema.optional(Schema.Number),
  isVerified: Schema.Boolean,
  rank: Schema.String,
  events: Schema.Record({ key: Schema.String, value: RankEvent }),
  tags: Schema.optional(Schema.Array(Schema.String)),
  origin: Schema.optional(
    Schema.Struct({
      nudetect: Schema.Struct({ score: Schema.optional(Schema.Number), scoreBand: Schema.optional(Schema.String) })
    })
  ),
  phone: Schema.optional(Schema.String),
  phoneType: Schema.optional(Schema.String),
  phoneConfirmedDate: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  locale: Schema.optional(Schema.String),
  __meta: RecordMeta
})
export type FanRecord = typeof FanRecord.Type
