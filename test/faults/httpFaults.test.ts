import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { HttpCampaignServiceLive } from "../../src/layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../../src/layers/http/HttpEntryService.js"
import { CurrentServiceCallPolicy, type ServiceCallPolicy, ServiceHttpClientLive } from "../../src/layers/http/serviceClient.js"
import { CurrentSlackTimeout, SlackNotifierLive } from "../../src/layers/slack/SlackWebApiNotifier.js"
import { CampaignService } from "../../src/services/CampaignService.js"
import { EntryService } from "../../src/services/EntryService.js"
import type { EntryScoringRecord } from "../../src/services/schemas/EntryScoring.js"
import { SlackNotifier } from "../../src/services/SlackNotifier.js"
import { faultyHttpServices, type FaultyHttpServicesOptions, httpFaultDecider, type HttpFaultKind } from "../support/faults/httpFaults.js"

/** Short attempts (the proxies hold a hang for 2 s), quick backoff, Retry-After honoured up to 2 s. */
const policy = (retries: number): ServiceCallPolicy => ({
  retries,
  baseDelay: "5 millis",
  maxDelay: "20 millis",
  attemptTimeout: "300 millis",
  maxRetryAfter: "2 seconds"
})

type Services = Effect.Effect.Success<ReturnType<typeof faultyHttpServices>>

/** The real clients (Entry, Campaign, Slack) pointed at the faulty services. */
const clients = (services: Services, retries: number) =>
  Layer.mergeAll(HttpEntryServiceLive, HttpCampaignServiceLive, SlackNotifierLive).pipe(
    Layer.provide(
      Layer.mergeAll(
        ServiceHttpClientLive,
        Layer.succeed(CurrentServiceCallPolicy, policy(retries)),
        Layer.succeed(CurrentSlackTimeout, "300 millis"),
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(services.settings))))
      )
    )
  )

const campaigns = { c1: { id: "c1", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }] } }

const records: ReadonlyArray<EntryScoringRecord> = [
  { globalUserId: "g1", verdict: true, score: 0.9, marketId: "mkt-chi" },
  { globalUserId: "g2", verdict: false, score: 0.1, marketId: "mkt-chi" }
]

const servicesWith = (options: Partial<FaultyHttpServicesOptions>) => faultyHttpServices({ seed: 1, rate: 0, campaigns, ...options })

const failures: ReadonlyArray<HttpFaultKind> = ["ratelimited", "serverError", "serverError", "hang", "reset", "lostReply"]

describe("faultyHttpServices", () => {
  it("decides the same faults in the same order for the same seed, per service", () => {
    const kinds = (seed: number, service: string) => {
      const decide = httpFaultDecider({ service, seed, rate: 0.25 })
      return Array.from({ length: 200 }, () => decide("POST /x").kind)
    }
    expect(kinds(8, "entry")).toEqual(kinds(8, "entry"))
    expect(kinds(8, "entry")).not.toEqual(kinds(9, "entry"))
    expect(kinds(8, "entry")).not.toEqual(kinds(8, "slack"))
    const faulted = kinds(8, "entry").filter((kind) => kind !== "pass").length
    expect(faulted).toBeGreaterThan(30)
    expect(faulted).toBeLessThan(70)
  })

  it.scopedLive("every failure kind fails an Entry Service call as retryable; only a lost reply was applied", () =>
    Effect.gen(function* () {
      const services = yield* servicesWith({ services: { entry: { script: failures } } })
      const entry = yield* Effect.provide(EntryService, clients(services, 0))
      const errors = []
      for (const [i] of failures.entries()) errors.push(yield* Effect.flip(entry.postScoring(`c${i}`, records)))
      expect(errors.map((error) => [error.status, error.retryable])).toEqual([
        [429, true],
        [expect.toBeOneOf([500, 503]), true],
        [expect.toBeOneOf([500, 503]), true],
        [undefined, true], // the client's attempt timeout
        [undefined, true],
        [undefined, true]
      ])
      expect(errors[3]!.reason).toContain("no complete reply within")
      expect(services.entry.book.posts.map((post) => post.campaignId)).toEqual(["c5"])
      expect(services.stats().entry.byKind).toEqual({ ratelimited: 1, serverError: 2, hang: 1, reset: 1, lostReply: 1 })
      expect(services.stats().entry.byOperation).toEqual({
        "entry.POST /campaigns/:id/scoring": { calls: 6, injected: 6, byKind: { ratelimited: 1, serverError: 2, hang: 1, reset: 1, lostReply: 1 } }
      })
    }))

  it.scopedLive("the Entry Service client gets through every kind with its retries, waiting out Retry-After; a lost reply is posted twice", () =>
    Effect.gen(function* () {
      const services = yield* servicesWith({ services: { entry: { script: failures } } })
      const entry = yield* Effect.provide(EntryService, clients(services, failures.length))
      const started = Date.now()
      const reply = yield* entry.postScoring("c1", records)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000) // Retry-After: 1
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(reply).toEqual({ inserted: 0, updated: 0, found: 2 }) // the lost reply's post inserted them
      expect(services.entry.book.posts).toHaveLength(2)
    }))

  it.scopedLive("every failure kind fails a Slack post as retryable (rate limits with their Retry-After); a lost reply was posted", () =>
    Effect.gen(function* () {
      const services = yield* servicesWith({ services: { slack: { script: failures } } })
      const slack = yield* Effect.provide(SlackNotifier, clients(services, 0))
      const errors = []
      for (const [i] of failures.entries()) errors.push(yield* Effect.flip(slack.post({ text: `post ${i}`, blocks: [] })))
      expect(errors.map((error) => error.retryable)).toEqual(failures.map(() => true))
      expect(errors[0]).toMatchObject({ reason: "ratelimited", retryAfterSeconds: 1 })
      expect(errors[1]!.reason).toMatch(/^HTTP 50[03]/)
      expect(errors[3]!.reason).toBe("timed out")
      expect(services.slack.posts.map((post) => post.text)).toEqual(["post 5"])
      const ok = yield* slack.post({ text: "after", blocks: [] })
      expect(ok.ts).not.toBe("")
      expect(services.stats().slack.byOperation["slack.POST /api/chat.postMessage"]).toMatchObject({ calls: 7, injected: 6 })
    }))

  it.scopedLive("the Campaign Service client gets through faults with its retries", () =>
    Effect.gen(function* () {
      const services = yield* servicesWith({ services: { campaign: { script: ["serverError", "reset", "hang", "lostReply"] } } })
      const campaign = yield* Effect.provide(CampaignService, clients(services, 4))
      expect(yield* campaign.getCampaign("c1")).toEqual(campaigns.c1)
      expect(services.campaign.proxy.decisions().map((d) => [d.operation, d.kind])).toEqual([
        ["GET /campaigns/:id", "serverError"],
        ["GET /campaigns/:id", "reset"],
        ["GET /campaigns/:id", "hang"],
        ["GET /campaigns/:id", "lostReply"],
        ["GET /campaigns/:id", "pass"]
      ])
    }))

  it.scopedLive("at a seeded rate, calls succeed within their retries (Slack's redone by the caller), and the same seed decides the same", () =>
    Effect.gen(function* () {
      const run = Effect.gen(function* () {
        const services = yield* servicesWith({ seed: 33, rate: 0.25, kinds: { serverError: 2, reset: 1, lostReply: 1, latency: 1 } })
        const layer = clients(services, 8)
        yield* Effect.provide(
          Effect.gen(function* () {
            const entry = yield* EntryService
            const slack = yield* SlackNotifier
            for (let i = 0; i < 12; i++) {
              yield* entry.postScoring("c1", records)
              // The notifier never retries by itself (the reporter's message comes back instead): retried here.
              yield* Effect.retry(slack.post({ text: `post ${i}`, blocks: [] }), { while: (error) => error.retryable, times: 8 })
            }
          }),
          layer
        )
        const stats = services.stats()
        expect(services.slack.posts.length).toBeGreaterThanOrEqual(12)
        expect(services.entry.book.posts.length).toBeGreaterThanOrEqual(12)
        return {
          kinds: [...services.entry.proxy.decisions(), ...services.slack.proxy.decisions()].map((d) => `${d.service} ${d.n} ${d.kind}`),
          injected: stats.entry.injected + stats.slack.injected
        }
      }).pipe(Effect.scoped)
      const first = yield* run
      expect(first.injected).toBeGreaterThan(0)
      expect((yield* run).kinds).toEqual(first.kinds)
    }))
})
