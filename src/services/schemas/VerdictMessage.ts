import { Schema } from "effect"

const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/** A request to report a campaign's counts once they settle (SPEC §6). */
export const VerdictMessage = Schema.Struct({
  campaignId: Schema.String.pipe(Schema.minLength(1)),
  count: Count,
  lastSeen: Schema.optional(Count),
  attempt: Schema.optional(Count),
  source: Schema.optional(Schema.String)
})
export type VerdictMessage = typeof VerdictMessage.Type
