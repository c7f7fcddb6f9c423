import { Effect } from "effect"
import { DynamoCampaignCountsLive } from "../layers/aws/DynamoCampaignCounts.js"
import { driftCheck, everyCampaignChecked } from "../pipelines/driftCheck/driftCheck.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { driftCheckRequestOf } from "../lambda/events/driftCheckEvent.js"

/**
 * The scheduled drift check (SPEC §13): recounts the campaigns changed in the last day, publishes their drift.
 * A campaign whose reads failed does not stop the others; the invocation then fails naming it, so the schedule retries.
 */
export const handleDriftCheck = (event: unknown) =>
  Effect.flatMap(driftCheckRequestOf(event), (request) => Effect.flatMap(driftCheck(request), everyCampaignChecked))

/** Lambda (EventBridge schedule, or invoked by hand). */
export const handler = makeLambdaHandler(DynamoCampaignCountsLive, handleDriftCheck)
