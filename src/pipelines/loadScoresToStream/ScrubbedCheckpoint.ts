import { Schema } from "effect"
import { CheckpointCount as Count, checkpointFields } from "../run/checkpointFields.js"
import type { DeliveryTally } from "../delivery/deliverySink.js"
import { checkpointErrors, ErrorList } from "../rows/errorList.js"


/**
 * Where a scrubbed file's load goes on in a new invocation (its continuation): how many of the
 * file's fan records went out (in file order: the merge is deterministic, so a continuation
 * reads and merges the file again and puts only the records after them), what became of
 * them (accepted, failed, the errors of those never accepted), and the load's identity (the
 * same correlation and date: one run). The rows' own counts are not kept: they come again
 * with the read, whole, in the last invocation.
 */
export const ScrubbedCheckpoint = Schema.TaggedStruct("ScrubbedCheckpoint", {
  ...checkpointFields,
  recordsDone: Count,
  delivered: Schema.Struct({ accepted: Count, failed: Count })
})
export type ScrubbedCheckpoint = typeof ScrubbedCheckpoint.Type

/** The deliveries of the invocations before (from their checkpoint), and this one's. */
export const deliveredSoFar = (before: ScrubbedCheckpoint | undefined, now: DeliveryTally): DeliveryTally => {
  if (before === undefined) return now
  const errors = new ErrorList()
  for (const { line, reason } of [...before.errors, ...now.errors]) errors.add(line, reason)
  return { accepted: before.delivered.accepted + now.accepted, failed: before.delivered.failed + now.failed, errors: errors.kept }
}

/** A checkpoint after `recordsDone` records, with what their deliveries came to. */
export const scrubbedCheckpoint = (
  recordsDone: number,
  delivered: DeliveryTally,
  load: Pick<ScrubbedCheckpoint, "correlation" | "date" | "invocations">
): ScrubbedCheckpoint => ({
  _tag: "ScrubbedCheckpoint",
  ...load,
  recordsDone,
  delivered: { accepted: delivered.accepted, failed: delivered.failed },
  errors: checkpointErrors(delivered.errors)
})
