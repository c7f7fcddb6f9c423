import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { type SlackFault, slackStandIn } from "../../../src/local/standIns/SlackStandIn.js"

const token = "xoxb-stand-in-token-31"
const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*1,000* verified" } }]

interface Answer {
  readonly status: number
  readonly retryAfter: string | null
  readonly body: Record<string, unknown>
}

/** A raw `chat.postMessage` call, as any client would make it. */
const call = (url: string, body: string, contentType: string, authorization: string | null = null) =>
  Effect.promise(async (): Promise<Answer> => {
    const headers: Record<string, string> = { "content-type": contentType }
    if (authorization !== null) headers["authorization"] = authorization
    const response = await fetch(`${url}chat.postMessage`, { method: "POST", headers, body })
    const text = await response.text()
    const parsed: unknown = text === "" ? {} : JSON.parse(text)
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body: parsed as Record<string, unknown> }
  })

/** `authorization` null: no Authorization header. */
const json = (url: string, message: Record<string, unknown>, authorization: string | null = `Bearer ${token}`) =>
  call(url, JSON.stringify(message), "application/json; charset=utf-8", authorization)

const form = (url: string, fields: Record<string, string>, authorization: string | null = `Bearer ${token}`) =>
  call(url, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", authorization)

describe("Slack stand-in", () => {
  it.scopedLive("accepts JSON and form-urlencoded posts, keeps them in order, answers ok with channel and ts", () =>
    Effect.gen(function* () {
      const standIn = yield* slackStandIn({ token: Redacted.make(token) })
      expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/)
      const first = yield* json(standIn.url, { channel: "C1", text: "first", blocks })
      const second = yield* form(standIn.url, { channel: "C2", text: "second", blocks: JSON.stringify(blocks) })
      const third = yield* form(standIn.url, { channel: "C3", text: "third" })
      expect([first.status, second.status, third.status]).toEqual([200, 200, 200])
      expect(first.body).toMatchObject({ ok: true, channel: "C1" })
      expect(second.body).toMatchObject({ ok: true, channel: "C2" })
      expect(first.body["ts"]).not.toBe(second.body["ts"])
      expect(standIn.posts).toEqual([
        { channel: "C1", text: "first", blocks },
        { channel: "C2", text: "second", blocks },
        { channel: "C3", text: "third", blocks: [] }
      ])
      expect(standIn.requests.map((request) => request.contentType)).toEqual([
        "application/json; charset=utf-8",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded"
      ])
    }))

  it.scopedLive("answers like Slack to a missing or wrong token (HTTP 200), and is open without one", () =>
    Effect.gen(function* () {
      const guarded = yield* slackStandIn({ token: Redacted.make(token) })
      const missing = yield* json(guarded.url, { channel: "C1", text: "x" }, null)
      const wrong = yield* json(guarded.url, { channel: "C1", text: "x" }, "Bearer nope")
      expect(missing).toMatchObject({ status: 200, body: { ok: false, error: "not_authed" } })
      expect(wrong).toMatchObject({ status: 200, body: { ok: false, error: "invalid_auth" } })
      expect(guarded.posts).toEqual([])
      expect(guarded.requests).toHaveLength(2)
      const open = yield* slackStandIn()
      expect((yield* json(open.url, { channel: "C1", text: "x" }, null)).body).toMatchObject({ ok: true })
    }))

  it.scopedLive("refuses posts without a channel or without text and blocks", () =>
    Effect.gen(function* () {
      const { url, posts } = yield* slackStandIn()
      expect((yield* form(url, { text: "x" })).body).toEqual({ ok: false, error: "channel_not_found" })
      expect((yield* form(url, { channel: "C1" })).body).toEqual({ ok: false, error: "no_text" })
      expect((yield* call(url, "{", "application/json")).body).toEqual({ ok: false, error: "invalid_arguments" })
      expect(posts).toEqual([])
    }))

  it.scopedLive("plays the scripted faults by post number (1 = first request)", () =>
    Effect.gen(function* () {
      const script: ReadonlyArray<SlackFault> = [{ ratelimited: 7 }, { status: 503 }, { error: "channel_not_found" }, "ok"]
      const seen: Array<number> = []
      const faults = (postNumber: number) => {
        seen.push(postNumber)
        return script[postNumber - 1] ?? "ok"
      }
      const { url, posts } = yield* slackStandIn({ token: Redacted.make(token), faults })
      const answers = yield* Effect.forEach([1, 2, 3, 4], (n) => form(url, { channel: "C1", text: `post ${n}` }))
      expect(seen).toEqual([1, 2, 3, 4])
      expect(answers[0]).toEqual({ status: 429, retryAfter: "7", body: { ok: false, error: "ratelimited" } })
      expect(answers[1]).toMatchObject({ status: 503, retryAfter: null })
      expect(answers[2]).toEqual({ status: 200, retryAfter: null, body: { ok: false, error: "channel_not_found" } })
      expect(answers[3]!.body).toMatchObject({ ok: true, channel: "C1" })
      expect(posts).toEqual([{ channel: "C1", text: "post 4", blocks: [] }])
    }))

  it.live("closes with its scope even while a request hangs, answering it 503", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const pending = yield* Effect.scoped(
        Effect.gen(function* () {
          const { url, requests } = yield* slackStandIn({ faults: () => "hang" })
          const answer = fetch(`${url}chat.postMessage`, { method: "POST", body: "channel=C1&text=x" }).then(
            (response) => response.status,
            () => -1
          )
          yield* Effect.promise(async () => {
            while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
          })
          return answer
        })
      ).pipe(Effect.timeoutFail({ duration: "3 seconds", onTimeout: () => new Error("the stand-in did not close") }))
      expect(yield* Effect.promise(() => pending)).toBe(503)
      expect(Date.now() - started).toBeLessThan(3_000)
    }))
})
