import type { DataQualityWarning, RejectsFile } from "../../services/schemas/DataQuality.js"
import type { FileQuality } from "../shared/dataQuality.js"
import { ErrorList, type LineError } from "../shared/errorList.js"
import { RejectedLines } from "../shared/RejectedLines.js"

/**
 * The result of saveFanlistScores (SPEC §3.2): in = invalid + duplicate + valid;
 * dynamo.in = valid; dynamo.out = the items the table holds as given; stream.in = dynamo.out.
 */
export interface FanlistResult {
  readonly campaignId: string
  readonly input: { readonly in: number; readonly invalid: number; readonly duplicate: number; readonly valid: number }
  readonly dynamo: { readonly in: number; readonly failed: number; readonly out: number }
  readonly stream: { readonly in: number; readonly failed: number; readonly out: number }
  readonly errors: ReadonlyArray<LineError>
  /** The rejects file of the refused rows (SPEC §12), and the data-quality warning. */
  readonly rejects?: RejectsFile
  readonly quality?: DataQualityWarning
}

export class FanlistTally {
  rows = 0
  invalid = 0
  duplicate = 0
  valid = 0
  dynamoFailed = 0
  dynamoOut = 0
  streamFailed = 0
  streamOut = 0
  /** Count-moving writes of the file's run (for its progress, not the result). */
  moved = 0
  readonly errors = new ErrorList()
  readonly rejected = new RejectedLines()
  /** What became of the refused rows, once the file's fate is known. */
  quality: FileQuality = {}

  constructor(readonly campaignId: string) {}

  result(): FanlistResult {
    return {
      campaignId: this.campaignId,
      input: { in: this.invalid + this.duplicate + this.valid, invalid: this.invalid, duplicate: this.duplicate, valid: this.valid },
      dynamo: { in: this.valid, failed: this.dynamoFailed, out: this.dynamoOut },
      stream: { in: this.dynamoOut, failed: this.streamFailed, out: this.streamOut },
      errors: this.errors.inLineOrder(),
      ...this.quality
    }
  }
}
