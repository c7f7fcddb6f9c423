import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { campaignServiceStandIn } from "../../../src/local/standIns/CampaignServiceStandIn.js"
import { entryServiceStandIn } from "../../../src/local/standIns/EntryServiceStandIn.js"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { EntryService } from "../../../src/services/EntryService.js"
import type { EntryScoringRecord } from "../../../src/services/schemas/EntryScoring.js"
import { campaignClient, entryClient, testToken } from "./httpTestKit.js"

const token = Redacted.make(testToken)
const campaigns = {
  c1001: { id: "c1001", name: "Summer Tour 2026", markets: [{ id: "mkt-chi", name: "Chicago" }], events: ["ev1", "ev2"] },
  c1002: { id: "c1002", name: "Winter Tour", markets: [], events: ["ev2"] },
  c1003: { id: "c1003", name: "No Events", markets: [{ id: "mkt-den", name: "Denver" }] }
}

const record = (globalUserId: string, score: number): EntryScoringRecord => ({
  globalUserId,
  verdict: true,
  score,
  marketId: "mkt-chi"
})

describe("Campaign Service stand-in", () => {
  it.scopedLive("serves campaigns, 404s unknown ones, and lists the campaigns of an event", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token })
      const program = Effect.gen(function* () {
        const service = yield* CampaignService
        const found = yield* service.getCampaign("c1001")
        const missing = yield* Effect.flip(service.getCampaign("c404"))
        const ofEv2 = yield* service.campaignsOfEvent("ev2")
        const ofNone = yield* service.campaignsOfEvent("ev9")
        return { found, missing, ofEv2, ofNone }
      })
      const { found, missing, ofEv2, ofNone } = yield* Effect.provide(program, campaignClient(url))
      expect(found).toEqual({ id: "c1001", name: "Summer Tour 2026", markets: [{ id: "mkt-chi", name: "Chicago" }] })
      expect(missing).toMatchObject({ status: 404, retryable: false })
      expect(missing.reason).toContain("no campaign c404")
      expect(ofEv2).toEqual([campaigns.c1001, campaigns.c1002])
      expect(ofNone).toEqual([])
    }))

  it.scopedLive("answers 401 to a wrong token, and is open when no token is configured", () =>
    Effect.gen(function* () {
      const guarded = yield* campaignServiceStandIn(campaigns, { token: Redacted.make("another") })
      const get = Effect.flatMap(CampaignService, (service) => service.getCampaign("c1003"))
      const refused = yield* Effect.flip(Effect.provide(get, campaignClient(guarded.url)))
      expect(refused).toMatchObject({ status: 401, retryable: false })
      const open = yield* campaignServiceStandIn(campaigns)
      expect((yield* Effect.provide(get, campaignClient(open.url))).name).toBe("No Events")
    }))
})

describe("Entry Service stand-in", () => {
  it.scopedLive("answers inserted, updated and found per campaign, and keeps every post in order", () =>
    Effect.gen(function* () {
      const { url, book } = yield* entryServiceStandIn({ token })
      const replies = yield* Effect.provide(
        Effect.flatMap(EntryService, (service) =>
          Effect.all([
            service.postScoring("c1", [record("g1", 1), record("g2", 2)]),
            service.postScoring("c1", [record("g1", 1), record("g2", 3), record("g3", 1)]),
            service.postScoring("c2", [record("g1", 1)])
          ])
        ),
        entryClient(url)
      )
      expect(replies).toEqual([
        { inserted: 2, updated: 0, found: 0 },
        { inserted: 1, updated: 1, found: 1 },
        { inserted: 1, updated: 0, found: 0 }
      ])
      expect(book.posts.map((post) => [post.campaignId, post.records.map((r) => r.globalUserId)])).toEqual([
        ["c1", ["g1", "g2"]],
        ["c1", ["g1", "g2", "g3"]],
        ["c2", ["g1"]]
      ])
      expect(book.posts[1]!.records[1]).toEqual(record("g2", 3))
    }))

  it.scopedLive("refuses a wrong token and keeps nothing of it", () =>
    Effect.gen(function* () {
      const { url, book } = yield* entryServiceStandIn({ token: Redacted.make("another") })
      const post = Effect.flatMap(EntryService, (service) => service.postScoring("c1", [record("g1", 1)]))
      const error = yield* Effect.flip(Effect.provide(post, entryClient(url)))
      expect(error).toMatchObject({ status: 401, retryable: false })
      expect(book.posts).toEqual([])
    }))
})
