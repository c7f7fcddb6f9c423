import { Schema } from "effect"

/** A count in a checkpoint: a whole number, never negative. */
export const CheckpointCount = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/**
 * What every load's checkpoint carries: the load's identity (the same
 * correlation and date in every invocation: one run), the number of the invocation it
 * starts, and the errors of the work done so far.
 */
export const checkpointFields = {
  correlation: Schema.String,
  date: CheckpointCount,
  invocations: CheckpointCount,
  errors: Schema.Array(Schema.Struct({ line: CheckpointCount, reason: Schema.String }))
}
