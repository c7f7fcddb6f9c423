import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, type Redacted } from "effect"
import type { Campaign } from "../../services/schemas/Campaign.js"
import { messageReply, requireBearer, serveOnLoopback } from "./loopbackServer.js"

/** A campaign as the stand-in serves it; `events` (optional) lists the event ids it belongs to. */
export type StandInCampaign = Campaign & { readonly events?: ReadonlyArray<string> }

/** `{ "<campaignId>": campaign }`, the shape of examples/campaigns.json. */
export type StandInCampaigns = Readonly<Record<string, StandInCampaign>>

/** The campaigns whose `events` contains the event id (none when the data has no `events`). */
export const campaignsOfEvent = (campaigns: StandInCampaigns, eventId: string) =>
  Object.values(campaigns).filter((campaign) => campaign.events?.includes(eventId) === true)

const app = (campaigns: StandInCampaigns) =>
  HttpRouter.empty.pipe(
    HttpRouter.get(
      "/campaigns/events",
      Effect.map(HttpServerRequest.ParsedSearchParams, (params) => {
        const eventId = params["eventId"]
        return typeof eventId === "string" && eventId !== ""
          ? HttpServerResponse.unsafeJson(campaignsOfEvent(campaigns, eventId))
          : messageReply(400, "eventId is required")
      })
    ),
    HttpRouter.get(
      "/campaigns/:campaignId",
      Effect.map(HttpRouter.params, ({ campaignId = "" }) => {
        const campaign = Object.hasOwn(campaigns, campaignId) ? campaigns[campaignId] : undefined
        return campaign === undefined
          ? messageReply(404, `no campaign ${campaignId}`)
          : HttpServerResponse.unsafeJson(campaign)
      })
    )
  )

/**
 * The Campaign Service on 127.0.0.1, for the local runner and tests, until the scope
 * closes: `GET /campaigns/{id}` and `GET /campaigns/events?eventId=…`. Gives its base URL.
 */
export const campaignServiceStandIn = (campaigns: StandInCampaigns, options: { readonly token?: Redacted.Redacted<string> } = {}) =>
  Effect.map(serveOnLoopback(requireBearer(options.token)(app(campaigns))), (url) => ({ url }))
