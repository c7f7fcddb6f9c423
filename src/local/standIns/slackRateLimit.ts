import { Config, ConfigError, Either } from "effect"

/**
 * How many posts a channel takes: `postsPerSecond` on average, up to `burst` at once
 * (a token bucket per channel, full at first). A post over it is answered 429 with
 * Retry-After, as Slack answers chat.postMessage.
 */
export interface SlackRateLimit {
  readonly postsPerSecond: number
  readonly burst: number
}

/** Slack's documented tier for chat.postMessage: about one post a second per channel, short bursts allowed. */
export const slackPostTier: SlackRateLimit = { postsPerSecond: 1, burst: 3 }

/** Sets the stand-in's limit when its options do not: `off`, or posts per second with an optional burst (`0.5`, `2/5`). */
export const rateLimitVariable = "VF_WORKERS_SLACK_RATE_LIMIT"

const limitPattern = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/

/** `off` (or a rate of 0): no limit; `R` or `R/B`: R posts a second, bursts of B (Slack's burst when not given). */
export const parseRateLimit = (text: string): SlackRateLimit | "off" | undefined => {
  const trimmed = text.trim().toLowerCase()
  if (trimmed === "off") return "off"
  const match = limitPattern.exec(trimmed)
  if (match === null) return undefined
  const postsPerSecond = Number(match[1])
  const burst = match[2] === undefined ? slackPostTier.burst : Number(match[2])
  return postsPerSecond === 0 || burst === 0 ? "off" : { postsPerSecond, burst }
}

/** The limit VF_WORKERS_SLACK_RATE_LIMIT sets, else Slack's tier; a value it cannot read fails naming the variable. */
export const configuredRateLimit: Config.Config<SlackRateLimit | "off"> = Config.option(Config.string(rateLimitVariable)).pipe(
  Config.mapOrFail((value) => {
    if (value._tag === "None") return Either.right(slackPostTier)
    const parsed = parseRateLimit(value.value)
    return parsed === undefined
      ? Either.left(ConfigError.InvalidData([rateLimitVariable], `expected off, or posts per second with an optional burst (1, 0.5, 2/5), got ${value.value}`))
      : Either.right(parsed)
  })
)

/**
 * One token bucket per channel: `take(channel, nowMillis)` takes a post's token and gives
 * undefined, or, when the channel has none, the whole seconds until it has one (Retry-After).
 */
export const channelBuckets = (limit: SlackRateLimit) => {
  const buckets = new Map<string, { readonly tokens: number; readonly at: number }>()
  return (channel: string, now: number): number | undefined => {
    const bucket = buckets.get(channel) ?? { tokens: limit.burst, at: now }
    const tokens = Math.min(limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * limit.postsPerSecond)
    if (tokens >= 1) {
      buckets.set(channel, { tokens: tokens - 1, at: now })
      return undefined
    }
    buckets.set(channel, { tokens, at: now })
    return Math.max(1, Math.ceil((1 - tokens) / limit.postsPerSecond))
  }
}
