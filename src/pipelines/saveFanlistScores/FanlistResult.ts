import { Schema } from "effect"
import type { DataQualityWarning, RejectsFile } from "../../services/schemas/DataQuality.js"
import type { FileQuality } from "../quality/dataQuality.js"
import { checkpointErrors, ErrorList, type LineError } from "../rows/errorList.js"
import { CheckpointCount as Count, checkpointFields } from "../run/checkpointFields.js"
import { RejectedLines } from "../quality/RejectedLines.js"

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
  /** Set when the invocation neared its end before the file was done: its checkpoint, where the next one goes on. */
  readonly continues?: FanlistCheckpoint
}


/**
 * Where a fanlist's load goes on in a new invocation (its continuation): the groups of survivors
 * already upserted (their records on the stream), the counts and errors of that work, and
 * the load's identity (the same correlation and date: one run). The rows' own counts are
 * not kept: the file is read and de-duplicated again, as it was.
 */
export const FanlistCheckpoint = Schema.TaggedStruct("FanlistCheckpoint", {
  ...checkpointFields, // its errors: the upserts' and records' so far (the read's own come again with the read)
  groupsDone: Count,
  saved: Schema.Struct({ dynamoFailed: Count, dynamoOut: Count, streamFailed: Count, streamOut: Count, moved: Count })
})
export type FanlistCheckpoint = typeof FanlistCheckpoint.Type

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

  /** The upserts' counts of a checkpoint, and its errors after the read's. */
  resumeFrom(checkpoint: FanlistCheckpoint) {
    Object.assign(this, checkpoint.saved)
    for (const { line, reason } of checkpoint.errors) this.errors.add(line, reason)
  }

  /** A checkpoint after `groupsDone` groups; `readErrors`: how many of the kept errors the read made. */
  checkpoint(groupsDone: number, readErrors: number, load: Pick<FanlistCheckpoint, "correlation" | "date" | "invocations">): FanlistCheckpoint {
    const { dynamoFailed, dynamoOut, streamFailed, streamOut, moved } = this
    return { _tag: "FanlistCheckpoint", ...load, groupsDone, saved: { dynamoFailed, dynamoOut, streamFailed, streamOut, moved }, errors: checkpointErrors(this.errors.kept.slice(readErrors)) }
  }

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
