import { expect, layer } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { slackStandIn } from "../../../src/local/standIns/SlackStandIn.js"
import { MemoryVerdictQueue } from "../../../src/local/memory/MemoryVerdictQueue.js"
import { SlackNotifierLive } from "../../../src/layers/slack/SlackWebApiNotifier.js"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { dynamoCountsLayer, freshCampaign } from "./dynamoCountsSetup.js"

const settings = { settleSeconds: 30, maxAttempts: 20, maxRetryAfterSeconds: 1, giveUpSeconds: 3600, leaseMillis: 20_000, postMillis: 12_000 }
const token = "xoxb-racing-reporters"

/** Everything a reporter needs beyond the DynamoDB adapters: Slack over loopback, a queue, the campaign name. */
const reporterEnvironment = (slackUrl: string, queue: MemoryVerdictQueue) =>
  Layer.mergeAll(
    SlackNotifierLive.pipe(
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SLACK_TOKEN", token], ["SLACK_CHANNEL", "C0RACE"], ["SLACK_API_URL", slackUrl]]))))
    ),
    Layer.succeed(VerdictQueue, queue.service),
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
      yield* (yield* CampaignCounts).setCounts(campaignId, { verified: 40, rejected: 2, selected: 0 }, 0)
      const body = JSON.stringify({ campaignId, count: 42, source: "scrubbed/race.csv" })
      const queue = new MemoryVerdictQueue()
      const reporter = (n: number, text = body) => verdictReporter([{ messageId: `m${n}`, body: text }], settings)
      const results = yield* Effect.all([1, 2, 3, 4].map((n) => reporter(n)), { concurrency: "unbounded" }).pipe(
        Effect.provide(reporterEnvironment(slack.url, queue))
      )
      // One claims and posts; the others find the counts posted (bypass) or the claim still live (asked again when it ends).
      expect(results.map((r) => r.result.slack.posted).reduce((a, b) => a + b)).toBe(1)
      const [bypassed, askedAgain] = [results.map((r) => r.result.slack.bypassed), results.map((r) => r.result.requeue.sent)].map((n) => n.reduce((a, b) => a + b))
      expect(bypassed + askedAgain).toBe(3)
      expect(results.flatMap((r) => r.retry)).toEqual([])
      const again = yield* Effect.forEach(queue.sent, (sent, i) => reporter(10 + i, JSON.stringify(sent.body))).pipe(
        Effect.provide(reporterEnvironment(slack.url, new MemoryVerdictQueue()))
      )
      expect(again.map((r) => r.result.slack.bypassed).reduce((a, b) => a + b, 0)).toBe(askedAgain)
      expect(slack.posts).toHaveLength(1)
      expect(slack.posts[0]!.text).toBe("Racing Tour: 40 verified (+40), 2 rejected (+2), 0 selected (+0)")
    }))
})
