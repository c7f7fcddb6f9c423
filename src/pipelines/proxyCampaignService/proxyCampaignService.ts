import { Effect, Schema } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import type { ServiceCallError } from "../../services/errors.js"

/**
 * An error AppSync shows to the client: for a direct Lambda resolver the thrown Error's
 * `name` becomes the GraphQL error's `errorType`, its message the `message`.
 * - `BadRequest`: the eventId is empty or malformed; no call was made.
 * - `CampaignServiceRejected`: the Campaign Service answered 4xx (status in the message).
 * - `CampaignServiceUnavailable`: 5xx, 429, network error or timeout, after the retries.
 */
export class AppSyncError extends Schema.TaggedError<AppSyncError>()("AppSyncError", {
  errorType: Schema.Literal("BadRequest", "CampaignServiceRejected", "CampaignServiceUnavailable"),
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

/** An event id: 1 to 128 characters of letters, digits and `. _ : -`, nothing else. */
const eventIdPattern = /^[A-Za-z0-9._:-]{1,128}$/

const validEventId = (value: unknown): Effect.Effect<string, AppSyncError> =>
  typeof value === "string" && eventIdPattern.test(value)
    ? Effect.succeed(value)
    : Effect.fail(
        new AppSyncError({
          errorType: "BadRequest",
          reason: `eventId must be 1 to 128 letters, digits or . _ : - (got ${value === undefined ? "nothing" : JSON.stringify(value)?.slice(0, 60)})`
        })
      )

const serviceFailure = (error: ServiceCallError) =>
  new AppSyncError({
    errorType: error.retryable ? "CampaignServiceUnavailable" : "CampaignServiceRejected",
    reason: `Campaign Service: ${error.message}`
  })

/**
 * The campaign proxy (SPEC §7): the campaigns of an event, as the Campaign Service gives
 * them. A malformed eventId is refused before any call.
 */
export const proxyCampaignService = (eventId: unknown): Effect.Effect<ReadonlyArray<unknown>, AppSyncError, CampaignService> =>
  Effect.flatMap(validEventId(eventId), (valid) =>
    Effect.flatMap(CampaignService, (service) => service.campaignsOfEvent(valid)).pipe(Effect.mapError(serviceFailure))
  ).pipe(Effect.annotateLogs({ worker: "proxyCampaignService" }))
