import { Effect } from "effect"
import { DynamoCampaignCountsLive } from "../layers/aws/DynamoCampaignCounts.js"
import { driftCheck } from "../pipelines/driftCheck/driftCheck.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { driftCheckRequestOf } from "../lambda/events/driftCheckEvent.js"

/** The scheduled drift check (SPEC §13): recounts the campaigns changed in the last day, publishes their drift. */
export const handleDriftCheck = (event: unknown) => Effect.flatMap(driftCheckRequestOf(event), (request) => driftCheck(request))

/** Lambda (EventBridge schedule, or invoked by hand). */
export const handler = makeLambdaHandler(DynamoCampaignCountsLive, handleDriftCheck)
