import { Schema } from "effect"

/** A market of a campaign, as the Campaign Service gives it. */
export const Market = Schema.Struct({ id: Schema.String, name: Schema.String })
export type Market = typeof Market.Type

/** `GET /campaigns/{campaignId}` (SPEC §7); other fields are ignored. */
export const Campaign = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  markets: Schema.Array(Market)
})
export type Campaign = typeof Campaign.Type
