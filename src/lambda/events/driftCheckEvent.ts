import { Effect, ParseResult, Schema } from "effect"
import type { DriftCheckRequest } from "../../pipelines/driftCheck/driftCheck.js"

/**
 * What the drift check is invoked with: `{}` from its schedule (an EventBridge event's own
 * fields are ignored), or by hand `{ "campaigns": ["c1"], "hours": 48, "repair": true }`.
 */
export const DriftCheckEvent = Schema.Struct({
  campaigns: Schema.optionalWith(Schema.Array(Schema.NonEmptyString), { exact: true }),
  hours: Schema.optionalWith(Schema.Number.pipe(Schema.positive(), Schema.finite()), { exact: true }),
  repair: Schema.optionalWith(Schema.Boolean, { exact: true })
})

export class DriftCheckEventError extends Schema.TaggedError<DriftCheckEventError>()("DriftCheckEventError", { message: Schema.String }) {}

const decode = Schema.decodeUnknown(DriftCheckEvent)

/** The request an invocation's event makes; an event that is not one fails, saying which field is wrong. */
export const driftCheckRequestOf = (event: unknown): Effect.Effect<DriftCheckRequest, DriftCheckEventError> =>
  decode(event ?? {}).pipe(
    Effect.mapError((error) => new DriftCheckEventError({ message: `not a drift check event: ${ParseResult.TreeFormatter.formatErrorSync(error)}` }))
  )
