import type { HttpClient } from "@effect/platform"
import { Cache, Effect, Exit, Layer, Schema } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import type { MissingSetting } from "../../services/errors.js"
import { Campaign } from "../../services/schemas/Campaign.js"
import { CampaignServiceUrl } from "../../services/Settings.js"
import { makeServiceClient } from "./serviceClient.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/** How long a campaign is kept; a failed lookup is not kept at all. */
export const campaignTimeToLive = "5 minutes"

const CampaignsOfEvent = Schema.Array(Schema.Unknown)

/** The Campaign Service over HTTP (CAMPAIGN_SERVICE_URL, SERVICE_TOKEN), campaigns cached per id. */
export const HttpCampaignServiceLive: Layer.Layer<CampaignService, MissingSetting, HttpClient.HttpClient> = Layer.effect(
  CampaignService,
  Effect.gen(function* () {
    const client = yield* makeServiceClient("CampaignService", CampaignServiceUrl)
    const campaigns = yield* Cache.makeWith({
      capacity: 1_000,
      lookup: (campaignId: string) => client.get(`/campaigns/${encodeURIComponent(campaignId)}`, Campaign),
      timeToLive: (exit) => (Exit.isSuccess(exit) ? campaignTimeToLive : 0)
    })
    return withPortSpans(portName(CampaignService), CampaignService.of({
      // A failure lives 0 ms, but a call in the same millisecond would still see it: drop it.
      getCampaign: (campaignId) => Effect.tapError(campaigns.get(campaignId), () => campaigns.invalidate(campaignId)),
      campaignsOfEvent: (eventId) =>
        client.get(`/campaigns/events?eventId=${encodeURIComponent(eventId)}`, CampaignsOfEvent)
    }))
  })
)
