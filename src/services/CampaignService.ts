import { Context, type Effect } from "effect"
import type { ServiceCallError } from "./errors.js"
import type { Campaign } from "./schemas/Campaign.js"

/** The Campaign Service (CAMPAIGN_SERVICE_URL). */
export class CampaignService extends Context.Tag("vf/CampaignService")<
  CampaignService,
  {
    /** `GET /campaigns/{campaignId}`; answers are cached per campaign for a few minutes. */
    readonly getCampaign: (campaignId: string) => Effect.Effect<Campaign, ServiceCallError>
    /** `GET /campaigns/events?eventId=…`: the campaigns of an event, as the service gives them. */
    readonly campaignsOfEvent: (eventId: string) => Effect.Effect<ReadonlyArray<unknown>, ServiceCallError>
  }
>() {}
