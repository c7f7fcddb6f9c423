import { Config, Effect, Layer, type Option, Redacted, type Scope } from "effect"
import { HttpCampaignServiceLive } from "../../layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../../layers/http/HttpEntryService.js"
import { ServiceHttpClientLive } from "../../layers/http/serviceClient.js"
import { overCurrentConfig } from "../standIns/aws/localAwsSettings.js"
import { campaignServiceStandIn } from "../standIns/CampaignServiceStandIn.js"
import { entryServiceStandIn } from "../standIns/EntryServiceStandIn.js"
import { type SlackStandInOptions, slackStandIn } from "../standIns/SlackStandIn.js"
import { MetricsIgnored } from "../../layers/observability/WorkerMetrics.js"
import { SlackNotifierLive } from "../../layers/slack/SlackWebApiNotifier.js"
import { readCampaigns } from "./campaignsFile.js"
import { noKeeper, type RecordKeeper } from "./flow/RecordKeeper.js"
import { settingNames } from "../../services/settingNames.js"

const localToken = "local-runner-token"

/**
 * The local HTTP stand-ins (Campaign Service, Entry Service, Slack) on loopback for the
 * run's scope, the real HTTP clients pointed at them, and the settings that do so, over
 * the settings in force (the AWS side's). The verdict settle delay is 1 s unless
 * VERDICT_SETTLE_SECONDS says otherwise, a report gives up after 60 s unless
 * VERDICT_GIVE_UP_SECONDS does, and a report's claim lives 5 s unless VERDICT_CLAIM_SECONDS says.
 */
export interface LocalServicesOptions {
  /** How the Slack stand-in answers each post (tests); every post succeeds by default. */
  readonly slackFaults?: SlackStandInOptions["faults"]
  /** The URL the workers are given for a stand-in (tests put a fault proxy in front); the stand-in's own by default. */
  readonly serviceUrl?: (service: LocalService, url: string) => Effect.Effect<string, never, Scope.Scope>
  /** Where the Entry Service stand-in's POSTs go (it keeps none itself). */
  readonly keeper?: RecordKeeper
  /** How long each loader invocation may last (`--invocation-seconds`): a longer load continues in new invocations (continuations). */
  readonly invocationSeconds?: number
}

export type LocalService = "campaign" | "entry" | "slack"

export const localServices = (campaignsFile: Option.Option<string>, options: LocalServicesOptions = {}) =>
  Effect.gen(function* () {
    const token = Redacted.make(localToken)
    const campaigns = yield* campaignServiceStandIn(yield* readCampaigns(campaignsFile), { token })
    const entry = yield* entryServiceStandIn({ token, keepPosts: false, onPost: (options.keeper ?? noKeeper).keepPost })
    const slack = yield* slackStandIn({ token, ...(options.slackFaults === undefined ? {} : { faults: options.slackFaults }) })
    const urlOf = (service: LocalService, url: string) => options.serviceUrl?.(service, url) ?? Effect.succeed(url)
    const urls = { campaign: yield* urlOf("campaign", campaigns.url), entry: yield* urlOf("entry", entry.url), slack: yield* urlOf("slack", slack.url) }
    const settle = yield* Config.string(settingNames.verdictSettleSeconds).pipe(Config.withDefault("1"))
    // A run waits for its reports to settle: locally a report gives up after a minute, not 6 hours.
    const giveUp = yield* Config.string(settingNames.verdictGiveUpSeconds).pipe(Config.withDefault("60"))
    // A report's claim lives 5 s locally (20 s on Lambda): a reporter that failed holding one delays the others that long at most.
    const claim = yield* Config.string(settingNames.verdictClaimSeconds).pipe(Config.withDefault("5"))
    const channel = yield* Config.string(settingNames.slackChannel).pipe(Config.withDefault("#vf-verdicts-local"))
    const settings = yield* overCurrentConfig(
      new Map([
        [settingNames.campaignServiceUrl, urls.campaign],
        [settingNames.entryServiceUrl, urls.entry],
        [settingNames.serviceToken, localToken],
        [settingNames.slackApiUrl, urls.slack],
        [settingNames.slackToken, localToken],
        [settingNames.slackChannel, channel],
        [settingNames.verdictSettleSeconds, settle],
        [settingNames.verdictGiveUpSeconds, giveUp],
        [settingNames.verdictClaimSeconds, claim]
      ])
    )
    const layer = Layer.mergeAll(MetricsIgnored, HttpCampaignServiceLive, HttpEntryServiceLive, SlackNotifierLive).pipe(
      Layer.provide(ServiceHttpClientLive),
      Layer.provide(Layer.setConfigProvider(settings))
    )
    return { layer, entryBook: entry.book, slackPosts: slack.posts, settings }
  })
