import {
  type ChatPostMessageArguments,
  type Logger,
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient
} from "@slack/web-api"
import { Config, Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import { MissingSetting, SlackError } from "../../services/errors.js"
import { required, requiredSecret, setting } from "../../services/Settings.js"
import { SlackNotifier } from "../../services/SlackNotifier.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/**
 * The longest one `chat.postMessage` (request and whole reply) may take, read when the
 * layer is built; tests provide a short one.
 */
export class CurrentSlackTimeout extends Context.Reference<CurrentSlackTimeout>()("vf/SlackTimeout", {
  defaultValue: (): Duration.DurationInput => "10 seconds"
}) {}

/** Slack error codes (`ok: false`) that mean "try again later", not "fix the configuration". */
const transientCodes: ReadonlySet<string> = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout"
])

/** One line of at most 120 characters, with every occurrence of the token (when token-like) blanked out. */
const shortReason = (text: string, token: string) => {
  const line = (token.length < 8 ? text : text.split(token).join("[redacted]")).replace(/\s+/g, " ").trim()
  return line.length > 120 ? `${line.slice(0, 120)}…` : line || "unknown failure"
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")

/**
 * A failed `chat.postMessage` as a SlackError: rate limits (with Retry-After), HTTP 5xx,
 * network failures and timeouts may be retried; platform errors (`invalid_auth`,
 * `channel_not_found` …) are final, with Slack's error code as the reason.
 */
export const slackFailure = (error: unknown, token: string): SlackError => {
  const fail = (reason: string, retryable: boolean, retryAfterSeconds?: number) =>
    new SlackError({
      reason: shortReason(reason, token),
      retryable,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
    })
  if (error instanceof WebAPIRateLimitedError) return fail("ratelimited", true, error.retryAfter)
  if (error instanceof WebAPIPlatformError) {
    const code = typeof error.data.error === "string" ? error.data.error : "platform error"
    return fail(code, transientCodes.has(code))
  }
  if (error instanceof WebAPIHTTPError) {
    return fail(`HTTP ${error.statusCode} ${error.statusMessage}`, error.statusCode >= 500 || error.statusCode === 408)
  }
  if (error instanceof WebAPIRequestError) {
    const original = error.original
    if (isTimeout(original)) return fail("timed out", true)
    const cause = original.cause instanceof Error ? `: ${original.cause.message}` : ""
    return fail(`request failed: ${original.message}${cause}`, true)
  }
  // A timeout while reading the reply, or a 429 without a readable Retry-After.
  if (isTimeout(error)) return fail("timed out", true)
  const message = error instanceof Error ? error.message : String(error)
  return /rate limit|retry header/i.test(message) ? fail("ratelimited", true) : fail(`request failed: ${message}`, true)
}

const nothing = () => {}

/** The web-api client writes nothing itself: the workers log (as JSON) what matters. */
const silentLogger: Logger = {
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  setLevel: nothing,
  getLevel: () => LogLevel.ERROR,
  setName: nothing
}

/** SLACK_API_URL when set (a URL, ending with "/"), else Slack's own. */
const slackApiUrl = Effect.flatMap(setting(settingNames.slackApiUrl, Config.option(Config.string(settingNames.slackApiUrl))), (value) => {
  const url = Option.getOrElse(value, () => "").trim()
  if (url === "") return Effect.succeed(Option.none<string>())
  return URL.canParse(url)
    ? Effect.succeed(Option.some(url.endsWith("/") ? url : `${url}/`))
    : Effect.fail(new MissingSetting({ variable: settingNames.slackApiUrl, reason: "not a URL" }))
})

/**
 * Slack over its Web API (`@slack/web-api`), posting to SLACK_CHANNEL with SLACK_TOKEN.
 * The client never retries nor waits on its own (no retries, rate-limited calls
 * rejected at once): a failure goes back to the worker, whose message SQS redelivers.
 */
export const SlackNotifierLive: Layer.Layer<SlackNotifier, MissingSetting> = Layer.effect(
  SlackNotifier,
  Effect.gen(function* () {
    const token = yield* requiredSecret(settingNames.slackToken)
    const channel = yield* required(settingNames.slackChannel)
    const apiUrl = yield* slackApiUrl
    const timeout = Duration.toMillis(yield* CurrentSlackTimeout)
    const client = new WebClient(Redacted.value(token), {
      ...(Option.isSome(apiUrl) ? { slackApiUrl: apiUrl.value } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: silentLogger,
      timeout: Number.isFinite(timeout) ? Math.max(1, Math.round(timeout)) : 0
    })
    return withPortSpans(portName(SlackNotifier), SlackNotifier.of({
      channel,
      post: ({ text, blocks }) =>
        Effect.tryPromise({
          // The blocks are Block Kit JSON built by the reporter; the client sends them as they are.
          try: () => client.chat.postMessage({ channel, text, blocks } as ChatPostMessageArguments),
          catch: (error) => slackFailure(error, Redacted.value(token))
        }).pipe(Effect.map((reply) => ({ ts: reply.ts ?? "" })))
    }))
  })
)
