import { Schema } from "effect"
import type { DeliveryTally } from "../delivery/deliverySink.js"
import { DataQualityWarning, RejectsFile } from "../../services/schemas/DataQuality.js"
import type { FileQuality } from "../quality/dataQuality.js"
import { ErrorList } from "../rows/errorList.js"
import { RejectedLines } from "../quality/RejectedLines.js"
import { ScrubbedCheckpoint } from "./ScrubbedCheckpoint.js"

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
  errors: Schema.Array(Schema.Struct({ line: Schema.Number, reason: Schema.String })),
  /** The rejects file of the refused rows (SPEC §12), when any row was refused. */
  rejects: Schema.optionalWith(RejectsFile, { exact: true }),
  /** The data-quality warning, when the invalid rows exceed DATA_QUALITY_MAX_INVALID of the rows. */
  quality: Schema.optionalWith(DataQualityWarning, { exact: true }),
  /** Set when the invocation neared its end before the file was done: its checkpoint, where the next one goes on. */
  continues: Schema.optionalWith(ScrubbedCheckpoint, { exact: true })
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
  readonly rejected = new RejectedLines()
  /** What became of the refused rows, once the file's fate is known. */
  quality: FileQuality = {}

  constructor(readonly campaignId: string) {}

  /** The fan records' deliveries: out, failed, and the errors of those never accepted. */
  delivered(tally: DeliveryTally) {
    this.out += tally.accepted
    this.failed += tally.failed
    for (const { line, reason } of tally.errors) this.errors.add(line, reason)
  }

  result(): LoadScoresResult {
    const { campaignId, valid, invalid, duplicate, out, failed } = this
    const rows = valid + invalid + duplicate
    return { campaignId, in: rows, valid, invalid, duplicate, out, failed, errors: this.errors.inLineOrder(), ...this.quality }
  }
}
