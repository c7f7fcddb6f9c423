import { Effect, Layer } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import { EntryService } from "../../services/EntryService.js"
import { ServiceCallError } from "../../services/errors.js"
import type { Campaign } from "../../services/schemas/Campaign.js"
import type { EntryScoringRecord } from "../../services/schemas/EntryScoring.js"
import { type SlackMessage, SlackNotifier } from "../../services/SlackNotifier.js"

const notFound = (campaignId: string) =>
  new ServiceCallError({ service: "campaign", request: `GET /campaigns/${campaignId}`, status: 404, reason: "campaign not found", retryable: false })

/** The Campaign Service in memory: the campaigns given, by id (any other id is a 404), and each event's campaigns. */
export class MemoryCampaignService {
  readonly lookups: Array<string> = []
  constructor(
    readonly campaigns: Record<string, Campaign> = {},
    readonly events: Record<string, ReadonlyArray<unknown>> = {}
  ) {}

  get layer(): Layer.Layer<CampaignService> {
    return Layer.succeed(CampaignService, {
      getCampaign: (id) =>
        Effect.suspend(() => {
          this.lookups.push(id)
          const campaign = this.campaigns[id]
          return campaign === undefined ? Effect.fail(notFound(id)) : Effect.succeed(campaign)
        }),
      campaignsOfEvent: (eventId) => Effect.sync(() => this.events[eventId] ?? [])
    })
  }
}

/** The Entry Service in memory: keeps every post; each record counts as inserted. */
export class MemoryEntryService {
  readonly posts: Array<{ readonly campaignId: string; readonly records: ReadonlyArray<EntryScoringRecord> }> = []

  get layer(): Layer.Layer<EntryService> {
    return Layer.succeed(EntryService, {
      postScoring: (campaignId, records) =>
        Effect.sync(() => {
          this.posts.push({ campaignId, records })
          return { inserted: records.length, updated: 0, found: 0 }
        })
    })
  }
}

/** Slack in memory: keeps every message posted to its channel. */
export class MemorySlackNotifier {
  readonly posts: Array<SlackMessage> = []
  constructor(readonly channel = "#vf-verdicts") {}

  get layer(): Layer.Layer<SlackNotifier> {
    return Layer.succeed(SlackNotifier, {
      channel: this.channel,
      post: (message) => Effect.sync(() => ({ ts: String(this.posts.push(message)) }))
    })
  }
}
