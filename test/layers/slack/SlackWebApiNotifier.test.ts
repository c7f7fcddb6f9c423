import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, type Duration, Effect, Either, Layer, Redacted } from "effect"
import { type SlackFault, slackStandIn } from "../../../src/local/standIns/SlackStandIn.js"
import { CurrentSlackTimeout, slackFailure, SlackNotifierLive } from "../../../src/layers/slack/SlackWebApiNotifier.js"
import type { MissingSetting, SlackError } from "../../../src/services/errors.js"
import { SlackNotifier, type SlackMessage } from "../../../src/services/SlackNotifier.js"

const token = "xoxb-test-token-5f3a9c"
const message: SlackMessage = {
  text: "Summer Tour 2026: 75,000 verified (+3,000)",
  blocks: [
    { type: "header", text: { type: "plain_text", text: "Summer Tour 2026" } },
    { type: "section", text: { type: "mrkdwn", text: "*75,000* verified (+3,000) & 12 rejected = ok?" } }
  ]
}

/** The real notifier over the web-api client, configured with `settings` only. */
const notifier = (settings: Record<string, string>, timeout: Duration.DurationInput = "2 seconds") =>
  SlackNotifierLive.pipe(
    Layer.provide(
      Layer.mergeAll(
        Layer.succeed(CurrentSlackTimeout, timeout),
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))
      )
    )
  )

const settingsFor = (url: string, slackToken = token) => ({ SLACK_TOKEN: slackToken, SLACK_CHANNEL: "C0VERDICTS", SLACK_API_URL: url })

const post = Effect.flatMap(SlackNotifier, (slack) => slack.post(message))

/** One post through the notifier against a stand-in answering with `faults`. */
const postAgainst = (faults: (postNumber: number) => SlackFault, slackToken = token, timeout?: Duration.DurationInput) =>
  Effect.gen(function* () {
    const standIn = yield* slackStandIn({ token: Redacted.make(token), faults })
    const started = Date.now()
    const result = yield* Effect.either(Effect.provide(post, notifier(settingsFor(standIn.url, slackToken), timeout)))
    return { result, elapsed: Date.now() - started, standIn }
  })

const slackErrorOf = <A>(result: Either.Either<A, SlackError | MissingSetting>): SlackError => {
  if (Either.isLeft(result) && result.left._tag === "SlackError") return result.left
  throw new Error(`expected a SlackError, got ${JSON.stringify(result)}`)
}

const missingOf = <A>(result: Either.Either<A, SlackError | MissingSetting>): MissingSetting => {
  if (Either.isLeft(result) && result.left._tag === "MissingSetting") return result.left
  throw new Error(`expected a MissingSetting, got ${JSON.stringify(result)}`)
}

describe("SlackNotifierLive (@slack/web-api against the stand-in)", () => {
  it.scopedLive("posts to the channel and gives the message's ts; the post arrives intact", () =>
    Effect.gen(function* () {
      const { result, standIn } = yield* postAgainst(() => "ok")
      expect(Either.isRight(result)).toBe(true)
      expect(Either.getOrThrow(result).ts).toMatch(/^\d+\.\d{6}$/)
      expect(standIn.posts).toEqual([{ channel: "C0VERDICTS", text: message.text, blocks: message.blocks }])
      expect(standIn.requests).toEqual([{ contentType: "application/x-www-form-urlencoded" }])
      const channel = yield* Effect.provide(Effect.map(SlackNotifier, (slack) => slack.channel), notifier(settingsFor(standIn.url)))
      expect(channel).toBe("C0VERDICTS")
    }))

  it.scopedLive("a rate limit fails at once, retryable, with Retry-After: no retry, no sleep", () =>
    Effect.gen(function* () {
      const { result, elapsed, standIn } = yield* postAgainst(() => ({ ratelimited: 7 }))
      expect(slackErrorOf(result)).toMatchObject({ reason: "ratelimited", retryable: true, retryAfterSeconds: 7 })
      expect(standIn.requests).toHaveLength(1)
      expect(standIn.posts).toEqual([])
      expect(elapsed).toBeLessThan(2_000)
    }))

  it.scopedLive("HTTP 500 is retryable, after one request", () =>
    Effect.gen(function* () {
      const { result, standIn } = yield* postAgainst(() => ({ status: 500 }))
      const error = slackErrorOf(result)
      expect(error).toMatchObject({ retryable: true })
      expect(error.reason).toContain("HTTP 500")
      expect(error.retryAfterSeconds).toBeUndefined()
      expect(standIn.requests).toHaveLength(1)
    }))

  it.scopedLive("a wrong token is invalid_auth, final, and the token appears nowhere in the error", () =>
    Effect.gen(function* () {
      const wrong = "xoxb-wrong-token-77e1"
      const { result, standIn } = yield* postAgainst(() => "ok", wrong)
      const error = slackErrorOf(result)
      expect(error).toMatchObject({ reason: "invalid_auth", retryable: false })
      expect(error.message).toBe("Slack: invalid_auth")
      for (const shown of [JSON.stringify(error), String(error), error.message, error.stack ?? ""]) {
        expect(shown).not.toContain(wrong)
        expect(shown).not.toContain(token)
      }
      expect(standIn.posts).toEqual([])
    }))

  it.scopedLive("platform errors are final, except Slack's transient ones", () =>
    Effect.gen(function* () {
      for (const [code, retryable] of [["channel_not_found", false], ["account_inactive", false], ["internal_error", true]] as const) {
        const { result } = yield* postAgainst(() => ({ error: code }))
        expect(slackErrorOf(result)).toMatchObject({ reason: code, retryable })
      }
    }))

  it.scopedLive("a Slack that never answers fails retryable within the configured timeout", () =>
    Effect.gen(function* () {
      const { result, elapsed, standIn } = yield* postAgainst(() => "hang", token, "300 millis")
      expect(slackErrorOf(result)).toMatchObject({ reason: "timed out", retryable: true })
      expect(standIn.requests).toHaveLength(1)
      expect(elapsed).toBeGreaterThanOrEqual(250)
      expect(elapsed).toBeLessThan(2_000)
    }))

  it.scopedLive("a refused connection is retryable", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.scoped(slackStandIn())
      const result = yield* Effect.either(Effect.provide(post, notifier(settingsFor(closed.url))))
      const error = slackErrorOf(result)
      expect(error.retryable).toBe(true)
      expect(error.reason).toMatch(/^request failed/)
      expect(error.reason).not.toContain(token)
    }))

  it.live("a missing SLACK_TOKEN, SLACK_CHANNEL or a bad SLACK_API_URL fails naming the variable", () =>
    Effect.gen(function* () {
      const cases = [
        [{ SLACK_CHANNEL: "C1" }, "SLACK_TOKEN"],
        [{ SLACK_TOKEN: token, SLACK_CHANNEL: "  " }, "SLACK_CHANNEL"],
        [{ SLACK_TOKEN: token, SLACK_CHANNEL: "C1", SLACK_API_URL: "not a url" }, "SLACK_API_URL"]
      ] as const
      for (const [settings, variable] of cases) {
        const error = missingOf(yield* Effect.either(Effect.provide(post, notifier(settings))))
        expect(error.variable).toBe(variable)
        expect(error.message).toContain(variable)
        expect(error.message).not.toContain(token)
      }
    }))
})

describe("slackFailure", () => {
  it("never lets the token into the reason", () => {
    const longToken = "xoxb-1234-5678-secret"
    const error = slackFailure(new Error(`request to https://x/?token=${longToken} failed`), longToken)
    expect(error.reason).not.toContain(longToken)
    expect(error.reason).toContain("[redacted]")
    expect(error.retryable).toBe(true)
  })
})
