import { Schema } from "effect"
import { BooleanFromCsv, FiniteFromCsv, optional, TrimmedNonEmpty } from "vf-scoring-workers"

/** A phone score: a finite number from 0 to 1; anything outside is refused with its value. */
export const PhoneScore = FiniteFromCsv.pipe(
  Schema.filter((score) => (score >= 0 && score <= 1) || `expected a score from 0 to 1, got ${score}`)
)

/** One row of a phone-score file; columns the schema does not name are ignored. */
export const PhoneScoreRow = Schema.Struct({
  memberId: TrimmedNonEmpty,
  phoneScore: PhoneScore,
  phoneVerified: optional(BooleanFromCsv)
})
export type PhoneScoreRow = typeof PhoneScoreRow.Type
