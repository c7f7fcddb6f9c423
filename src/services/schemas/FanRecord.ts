import { Schema } from "effect"

/** What a fan registered for at one rank (market preference). */
export const RankEvent = Schema.Struct({
  market: Schema.optionalWith(Schema.String, { exact: true }),
  eventId: Schema.optionalWith(Schema.String, { exact: true })
})
export type RankEvent = typeof RankEvent.Type

export const RecordMeta = Schema.Struct({
  correlation: Schema.String,
  date: Schema.Number,
  source: Schema.String,
  /** The run (file version) the record belongs to: the writer stamps its write with it. */
  run: Schema.optionalWith(Schema.String, { exact: true })
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
  memberId: Schema.optionalWith(Schema.String, { exact: true }),
  email: Schema.optionalWith(Schema.String, { exact: true }),
  score: Schema.Number,
  localFanscore: Schema.optionalWith(Schema.Number, { exact: true }),
  accountFanscore: Schema.optionalWith(Schema.Number, { exact: true }),
  bandScore: Schema.optionalWith(Schema.Number, { exact: true }),
  isVerified: Schema.Boolean,
  rank: Schema.String,
  events: Schema.Record({ key: Schema.String, value: RankEvent }),
  tags: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  origin: Schema.optionalWith(
    Schema.Struct({
      nudetect: Schema.Struct({
        score: Schema.optionalWith(Schema.Number, { exact: true }),
        scoreBand: Schema.optionalWith(Schema.String, { exact: true })
      })
    }),
    { exact: true }
  ),
  phone: Schema.optionalWith(Schema.String, { exact: true }),
  phoneType: Schema.optionalWith(Schema.String, { exact: true }),
  phoneConfirmedDate: Schema.optionalWith(Schema.String, { exact: true }),
  firstName: Schema.optionalWith(Schema.String, { exact: true }),
  lastName: Schema.optionalWith(Schema.String, { exact: true }),
  locale: Schema.optionalWith(Schema.String, { exact: true }),
  __meta: RecordMeta
})
export type FanRecord = typeof FanRecord.Type
