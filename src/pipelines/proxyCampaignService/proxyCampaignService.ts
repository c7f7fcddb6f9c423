import { Effect } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import { checkEventId } from "./eventId.js"
import { fromServiceCallError, type ProxyError } from "./proxyErrors.js"

/**
 * The campaigns of an event, as the Campaign Service gives them
 * (`GET /campaigns/events?eventId=…`). The eventId is checked first: a missing or
 * malformed one fails with InvalidEventId and no call is made.
 */
export const proxyCampaignService = (eventId: unknown): Effect.Effect<ReadonlyArray<unknown>, ProxyError, CampaignService> =>
  Effect.gen(function* () {
    const id = yield* checkEventId(eventId)
    const service = yield* CampaignService
    const campaigns = yield* Effect.mapError(service.campaignsOfEvent(id), fromServiceCallError(id))
    yield* Effect.logInfo(`event ${id}: ${campaigns.length} campaign(s)`)
    return campaigns
  }).pipe(Effect.annotateLogs({ worker: "proxyCampaignService" }))
