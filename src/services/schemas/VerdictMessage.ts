import { Schema } from "effect"

const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/** A request to report a campaign's counts once they settle (SPEC §6). */
export const VerdictMessage = Schema.Struct({
  campaignId: Schema.String.pipe(Schema.minLength(1)),
  count: Count,
  lastSeen: Schema.optionalWith(Count, { exact: true }),
  attempt: Schema.optionalWith(Count, { exact: true }),
  source: Schema.optionalWith(Schema.String, { exact: true })
})
export type VerdictMessage = typeof VerdictMessage.Type
