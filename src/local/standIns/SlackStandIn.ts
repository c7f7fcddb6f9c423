import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Clock, Deferred, Effect, Option, Redacted } from "effect"
import { serveOnLoopback } from "./loopbackServer.js"
import { channelBuckets, configuredRateLimit, type SlackRateLimit } from "./slackRateLimit.js"

/** One message the stand-in accepted, as it came (the dump's slack.json). */
export interface SlackPost {
  readonly channel: string
  readonly text: string
  readonly blocks: ReadonlyArray<unknown>
}

/** One `chat.postMessage` request the stand-in saw, accepted or not. */
export interface SlackRequest {
  readonly contentType: string
}

/**
 * How the stand-in answers the n-th `chat.postMessage` request (1 = the first):
 * a post, a 429 with Retry-After, an HTTP status with an empty body, a Slack error
 * code (`{ ok: false }` with HTTP 200), or no answer at all.
 */
export type SlackFault = "ok" | { readonly ratelimited: number } | { readonly status: number } | { readonly error: string } | "hang"

export interface SlackStandInOptions {
  /** When set, requests must carry `Authorization: Bearer <token>` (else `invalid_auth`). */
  readonly token?: Redacted.Redacted<string>
  readonly faults?: (postNumber: number) => SlackFault
  /**
   * Posts a channel takes before it is answered 429 with Retry-After, as Slack limits
   * chat.postMessage; "off" for none. Default: VF_WORKERS_SLACK_RATE_LIMIT, else Slack's
   * tier (about one post a second per channel, bursts of 3).
   */
  readonly rateLimit?: SlackRateLimit | "off"
}

const slackReply = (body: Record<string, unknown>) => HttpServerResponse.unsafeJson(body)
const rateLimitedReply = (retryAfterSeconds: number) =>
  HttpServerResponse.unsafeJson({ ok: false, error: "ratelimited" }, { status: 429, headers: { "retry-after": String(retryAfterSeconds) } })
const slackErrorReply = (error: string) => slackReply({ ok: false, error })

/** `{ channel, text, blocks }` of a JSON or form-urlencoded body (form blocks are a JSON string). */
const messageOf = (contentType: string, body: string): Record<string, unknown> | undefined => {
  try {
    if (contentType.includes("application/json")) {
      const json: unknown = JSON.parse(body)
      return typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined
    }
    const form = new URLSearchParams(body)
    const blocks = form.get("blocks")
    return { channel: form.get("channel"), text: form.get("text"), blocks: blocks === null ? undefined : JSON.parse(blocks) }
  } catch {
    return undefined
  }
}

interface Book {
  readonly posts: Array<SlackPost>
  readonly requests: Array<SlackRequest>
  /** Done when the stand-in closes: a hanging request then gets a 503 (and its connection closes), so the server can close. */
  readonly closing: Deferred.Deferred<void>
  /** Takes a post's token from its channel: undefined, or the seconds to wait when it has none. */
  readonly limit: (channel: string, nowMillis: number) => number | undefined
}

const postMessage = (options: SlackStandInOptions, { posts, requests, closing, limit }: Book) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const contentType = request.headers["content-type"] ?? ""
    requests.push({ contentType })
    const fault = options.faults?.(requests.length) ?? "ok"
    if (fault === "hang") {
      return yield* Effect.as(Deferred.await(closing), HttpServerResponse.empty({ status: 503, headers: { connection: "close" } }))
    }
    if (typeof fault === "object" && "ratelimited" in fault) return rateLimitedReply(fault.ratelimited)
    if (typeof fault === "object" && "status" in fault) return HttpServerResponse.empty({ status: fault.status })
    if (typeof fault === "object") return slackErrorReply(fault.error)
    const authorization = request.headers["authorization"]
    if (options.token !== undefined && authorization === undefined) return slackErrorReply("not_authed")
    if (options.token !== undefined && authorization !== `Bearer ${Redacted.value(options.token)}`) {
      return slackErrorReply("invalid_auth")
    }
    const message = messageOf(contentType, yield* Effect.orElseSucceed(request.text, () => ""))
    if (message === undefined) return slackErrorReply("invalid_arguments")
    const { channel, text, blocks } = message
    if (typeof channel !== "string" || channel === "") return slackErrorReply("channel_not_found")
    if (blocks !== undefined && !Array.isArray(blocks)) return slackErrorReply("invalid_blocks")
    if ((typeof text !== "string" || text === "") && (blocks === undefined || blocks.length === 0)) {
      return slackErrorReply("no_text")
    }
    const retryAfter = limit(channel, yield* Clock.currentTimeMillis)
    if (retryAfter !== undefined) return rateLimitedReply(retryAfter)
    posts.push({ channel, text: typeof text === "string" ? text : "", blocks: blocks ?? [] })
    const ts = `${Math.floor(Date.now() / 1000)}.${String(posts.length).padStart(6, "0")}`
    return slackReply({ ok: true, channel, ts, message: { type: "message", text, ts } })
  }).pipe(HttpIncomingMessage.withMaxBodySize(Option.some(1024 * 1024)))

/**
 * Slack's Web API on 127.0.0.1, for the local runner and tests, until the scope closes:
 * `POST /api/chat.postMessage` (JSON or form-urlencoded, as `@slack/web-api` sends).
 * Gives the API base URL to use as SLACK_API_URL (ending with "/api/"), the accepted
 * posts in order, and every request seen. A channel posted to faster than `rateLimit`
 * allows is answered 429 with Retry-After (whole seconds), the post not kept.
 */
export const slackStandIn = (options: SlackStandInOptions = {}) =>
  Effect.gen(function* () {
    const rateLimit = options.rateLimit ?? (yield* configuredRateLimit)
    const limit = rateLimit === "off" ? () => undefined : channelBuckets(rateLimit)
    const book: Book = { posts: [], requests: [], closing: yield* Deferred.make<void>(), limit }
    const app = HttpRouter.empty.pipe(HttpRouter.post("/api/chat.postMessage", postMessage(options, book)))
    const base = yield* serveOnLoopback(app)
    // Runs before the server closes (finalizers run in reverse): no request is left hanging.
    yield* Effect.addFinalizer(() => Deferred.succeed(book.closing, undefined))
    return { url: `${base}/api/`, posts: book.posts, requests: book.requests }
  })
