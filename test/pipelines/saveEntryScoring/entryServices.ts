import { Effect, Layer } from "effect"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { EntryService } from "../../../src/services/EntryService.js"
import { ServiceCallError } from "../../../src/services/errors.js"
import type { Campaign } from "../../../src/services/schemas/Campaign.js"
import type { EntryScoringRecord } from "../../../src/services/schemas/EntryScoring.js"

export const summerTour: Campaign = {
  id: "c1",
  name: "Summer Tour",
  markets: [
    { id: "mkt-chi", name: "Chicago" },
    { id: "mkt-nyc", name: " New York " }
  ]
}

export const callError = (status: number) =>
  new ServiceCallError({ service: "test", request: "call", status, reason: `HTTP ${status}`, retryable: status >= 500 || status === 429 })

/** Campaign and Entry services in memory: they record their calls and fail where told. */
export class EntryServices {
  readonly lookups: Array<string> = []
  readonly posts: Array<{ campaignId: string; records: ReadonlyArray<EntryScoringRecord> }> = []

  constructor(
    private readonly campaigns: Record<string, Campaign | number>,
    private readonly failPost: (post: number) => number | undefined = () => undefined
  ) {}

  get layer() {
    return Layer.merge(
      Layer.succeed(CampaignService, {
        getCampaign: (id) =>
          Effect.suspend(() => {
            this.lookups.push(id)
            const campaign = this.campaigns[id] ?? 404
            return typeof campaign === "number" ? Effect.fail(callError(campaign)) : Effect.succeed(campaign)
          }),
        campaignsOfEvent: () => Effect.succeed([])
      }),
      Layer.succeed(EntryService, {
        postScoring: (campaignId, records) =>
          Effect.suspend(() => {
            this.posts.push({ campaignId, records })
            const status = this.failPost(this.posts.length)
            return status === undefined ? Effect.succeed({ inserted: records.length, updated: 0, found: 0 }) : Effect.fail(callError(status))
          })
      })
    )
  }
}
