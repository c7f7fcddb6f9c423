import { Schema } from "effect"
import { ErrorList } from "../shared/errorList.js"

const Count = Schema.Number

/** The result of loadScoresToStream (SPEC §3.1). */
export const LoadScoresResult = Schema.Struct({
  campaignId: Schema.String,
  in: Count,
  valid: Count,
  invalid: Count,
  duplicate: Count,
  out: Count,
  failed: Count,
  errors: Schema.Array(Schema.Struct({ line: Schema.Number, reason: Schema.String }))
})
export type LoadScoresResult = typeof LoadScoresResult.Type

/**
 * Counts of one run. Every data row is exactly one of valid, invalid, duplicate; every
 * fan record exactly one of out, failed.
 */
export class LoadScoresTally {
  valid = 0
  invalid = 0
  duplicate = 0
  out = 0
  failed = 0
  readonly errors = new ErrorList()

  constructor(readonly campaignId: string) {}

  result(): LoadScoresResult {
    const { campaignId, valid, invalid, duplicate, out, failed } = this
    const rows = valid + invalid + duplicate
    return { campaignId, in: rows, valid, invalid, duplicate, out, failed, errors: this.errors.inLineOrder() }
  }
}
