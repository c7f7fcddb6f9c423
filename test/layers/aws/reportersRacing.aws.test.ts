import { expect, layer } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { slackStandIn } from "../../../src/layers/local/SlackStandIn.js"
import { MemoryVerdictQueue } from "../../../src/layers/memory/MemoryVerdictQueue.js"
import { SlackNotifierLive } from "../../../src/layers/slack/SlackWebApiNotifier.js"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { dynamoCountsLayer, freshCampaign } from "./dynamoCountsSetup.js"

const settings = { settleSeconds: 30, maxAttempts: 20, maxRetryAfterSeconds: 1, giveUpSeconds: 3600 }
const token = "xoxb-racing-reporters"

/** Everything a reporter needs beyond the DynamoDB adapters: Slack over loopback, a queue, the campaign name. */
const reporterEnvironment = (slackUrl: string) =>
  Layer.mergeAll(
    SlackNotifierLive.pipe(
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SLACK_TOKEN", token], ["SLACK_CHANNEL", "C0RACE"], ["SLACK_API_URL", slackUrl]]))))
    ),
    Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service),
    Layer.succeed(CampaignService, {
      getCampaign: (id) => Effect.succeed({ id, name: "Racing Tour", markets: [] }),
      campaignsOfEvent: () => Effect.succeed([])
    })
  )

layer(dynamoCountsLayer("racing-reporters"), { excludeTestServices: true })("two verdict reporters on DynamoDB", (it) => {
  it.scoped("post the same settled counts to Slack exactly once", () =>
    Effect.gen(function* () {
      const slack = yield* slackStandIn({ token: Redacted.make(token) })
      const campaignId = freshCampaign("race")
      yield* (yield* CampaignCounts).setCounts(campaignId, { verified: 40, rejected: 2, selected: 0 })
      const body = JSON.stringify({ campaignId, count: 42, source: "scrubbed/race.csv" })
      const reporter = (n: number) => verdictReporter([{ messageId: `m${n}`, body }], settings)
      const results = yield* Effect.all([1, 2, 3, 4].map(reporter), { concurrency: "unbounded" }).pipe(
        Effect.provide(reporterEnvironment(slack.url))
      )
      expect(results.map((r) => r.result.slack.posted).reduce((a, b) => a + b)).toBe(1)
      expect(results.map((r) => r.result.slack.bypassed).reduce((a, b) => a + b)).toBe(3)
      expect(results.flatMap((r) => r.retry)).toEqual([])
      expect(slack.posts).toHaveLength(1)
      expect(slack.posts[0]!.text).toBe("Racing Tour: 40 verified (+40), 2 rejected (+2), 0 selected (+0)")
    }))
})
