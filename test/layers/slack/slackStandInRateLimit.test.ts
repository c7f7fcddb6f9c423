import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Layer, Redacted, TestClock } from "effect"
import { slackStandIn } from "../../../src/local/standIns/SlackStandIn.js"
import { channelBuckets, parseRateLimit, slackPostTier } from "../../../src/local/standIns/slackRateLimit.js"
import { SlackNotifierLive } from "../../../src/layers/slack/SlackWebApiNotifier.js"
import { SlackNotifier } from "../../../src/services/SlackNotifier.js"

/**
 * The Slack stand-in limits chat.postMessage per channel as Slack does (HTTP 429 with
 * Retry-After), seen through the project's notifier on the real `@slack/web-api` client.
 */

const token = "xoxb-rate-limit-token-7e21"

const notifierAt = (url: string, channel: string) =>
  SlackNotifierLive.pipe(
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SLACK_TOKEN", token], ["SLACK_CHANNEL", channel], ["SLACK_API_URL", url]]))))
  )

/** `times` posts one after the other to `channel`, each one's outcome: its ts, or the SlackError's retry facts. */
const postsTo = (url: string, channel: string, times: number) =>
  Effect.forEach(Array.from({ length: times }, (_, i) => i), (i) =>
    Effect.flatMap(SlackNotifier, (slack) => Effect.either(slack.post({ text: `post ${i + 1}`, blocks: [] }))).pipe(
      Effect.map(
        Either.match({
          onLeft: (error) => ({ ok: false, reason: error.reason, retryable: error.retryable, retryAfterSeconds: error.retryAfterSeconds }),
          onRight: () => ({ ok: true })
        })
      ),
      Effect.provide(notifierAt(url, channel))
    )
  )

const posted = { ok: true }
const limited = (seconds: number) => ({ ok: false, reason: "ratelimited", retryable: true, retryAfterSeconds: seconds })

describe("Slack stand-in's rate limit", () => {
  // On the test clock (the stand-in reads the time from Effect's Clock): a slow machine cannot refill a bucket meanwhile.
  it.scoped("by default takes a burst of 3 posts a channel, then answers 429 Retry-After 1 until a second has passed", () =>
    Effect.gen(function* () {
      const standIn = yield* Effect.provide(slackStandIn({ token: Redacted.make(token) }), Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))
      expect(yield* postsTo(standIn.url, "C0VERDICTS", 5)).toEqual([posted, posted, posted, limited(1), limited(1)])
      // Another channel has a bucket of its own.
      expect(yield* postsTo(standIn.url, "C0OTHER", 1)).toEqual([posted])
      // After the Retry-After the channel takes a post again; refused posts are not kept.
      yield* TestClock.adjust("999 millis")
      expect(yield* postsTo(standIn.url, "C0VERDICTS", 1)).toEqual([limited(1)])
      yield* TestClock.adjust("1 millis")
      expect(yield* postsTo(standIn.url, "C0VERDICTS", 2)).toEqual([posted, limited(1)])
      expect(standIn.posts.map((post) => `${post.channel} ${post.text}`)).toEqual([
        "C0VERDICTS post 1",
        "C0VERDICTS post 2",
        "C0VERDICTS post 3",
        "C0OTHER post 1",
        "C0VERDICTS post 1"
      ])
    }))

  it.scoped("takes another rate from its options (Retry-After in whole seconds), or none", () =>
    Effect.gen(function* () {
      const slow = yield* slackStandIn({ token: Redacted.make(token), rateLimit: { postsPerSecond: 0.25, burst: 1 } })
      expect(yield* postsTo(slow.url, "C1", 2)).toEqual([posted, limited(4)])
      const open = yield* slackStandIn({ token: Redacted.make(token), rateLimit: "off" })
      expect((yield* postsTo(open.url, "C1", 8)).every((outcome) => outcome.ok)).toBe(true)
    }))

  it.scoped("takes the runner's VF_WORKERS_SLACK_RATE_LIMIT when its options say nothing, and fails on one it cannot read", () =>
    Effect.gen(function* () {
      const withVariable = (value: string) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["VF_WORKERS_SLACK_RATE_LIMIT", value]])))
      const off = yield* Effect.provide(slackStandIn({ token: Redacted.make(token) }), withVariable("off"))
      expect((yield* postsTo(off.url, "C1", 6)).every((outcome) => outcome.ok)).toBe(true)
      const strict = yield* Effect.provide(slackStandIn({ token: Redacted.make(token) }), withVariable("0.5/1"))
      expect(yield* postsTo(strict.url, "C1", 2)).toEqual([posted, limited(2)])
      const unreadable = yield* Effect.either(Effect.provide(slackStandIn(), withVariable("fast")))
      expect(Either.isLeft(unreadable) && String(unreadable.left)).toContain("VF_WORKERS_SLACK_RATE_LIMIT")
    }))
})

describe("the per-channel token bucket", () => {
  it("refills at the rate, up to the burst, and says how long to wait for the next token", () => {
    const take = channelBuckets({ postsPerSecond: 1, burst: 2 })
    expect([take("C", 0), take("C", 0), take("C", 0)]).toEqual([undefined, undefined, 1])
    expect([take("C", 999), take("C", 1000), take("C", 1000)]).toEqual([1, undefined, 1])
    // A long quiet spell refills the burst, never more.
    expect([take("C", 60_000), take("C", 60_000), take("C", 60_000)]).toEqual([undefined, undefined, 1])
  })

  it("reads the variable's forms", () => {
    expect([parseRateLimit("off"), parseRateLimit("0"), parseRateLimit("2"), parseRateLimit("0.5/4"), parseRateLimit("x")]).toEqual([
      "off",
      "off",
      { postsPerSecond: 2, burst: slackPostTier.burst },
      { postsPerSecond: 0.5, burst: 4 },
      undefined
    ])
  })
})
