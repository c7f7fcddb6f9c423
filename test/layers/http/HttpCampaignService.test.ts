import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { campaignClient, fastPolicy, inTurn, json, raw, scriptedServer, testToken } from "./httpTestKit.js"

const campaign = { id: "c 1/x", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }], extra: true }

describe("HttpCampaignService", () => {
  it.scopedLive("gets a campaign by its URL-encoded id, once per campaign while it is cached", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, campaign))
      const [first, second] = yield* Effect.provide(
        Effect.flatMap(CampaignService, (service) =>
          Effect.all([service.getCampaign("c 1/x"), service.getCampaign("c 1/x")])
        ),
        campaignClient(server.url)
      )
      expect(first).toEqual({ id: "c 1/x", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }] })
      expect(second).toEqual(first)
      expect(server.seen.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /campaigns/c%201%2Fx"])
      expect(server.seen[0]!.headers["authorization"]).toBe(`Bearer ${testToken}`)
    }))

  it.scopedLive("sends the correlationId annotation through the cache's lookup", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, campaign))
      yield* Effect.provide(
        Effect.flatMap(CampaignService, (service) => service.getCampaign("c7")),
        campaignClient(server.url)
      ).pipe(Effect.annotateLogs({ correlationId: "run-7" }))
      expect(server.seen[0]!.headers["x-correlation-id"]).toBe("run-7")
    }))

  it.scopedLive("does not cache a failed lookup", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(inTurn(raw(500, "down"), json(200, campaign)))
      const results = yield* Effect.provide(
        Effect.flatMap(CampaignService, (service) =>
          Effect.all([Effect.either(service.getCampaign("c1")), service.getCampaign("c1"), service.getCampaign("c1")])
        ),
        campaignClient(server.url, { ...fastPolicy, retries: 0 })
      )
      expect(results[0]._tag).toBe("Left")
      expect(results[1].name).toBe("Summer Tour")
      expect(server.seen).toHaveLength(2)
    }))

  it.scopedLive("keeps campaigns apart", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer((request, _n, response) => {
        const id = decodeURIComponent(request.url.split("/").pop()!)
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...campaign, id }))
      })
      const ids = yield* Effect.provide(
        Effect.flatMap(CampaignService, (service) =>
          Effect.forEach(["c1", "c2", "c1"], (id) => Effect.map(service.getCampaign(id), (found) => found.id))
        ),
        campaignClient(server.url)
      )
      expect(ids).toEqual(["c1", "c2", "c1"])
      expect(server.seen).toHaveLength(2)
    }))

  it.scopedLive("gets the campaigns of an event as the service gives them, never cached", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, [{ id: "c1", anything: 1 }]))
      const answers = yield* Effect.provide(
        Effect.flatMap(CampaignService, (service) =>
          Effect.all([service.campaignsOfEvent("ev 1&x"), service.campaignsOfEvent("ev 1&x")])
        ),
        campaignClient(server.url)
      )
      expect(answers).toEqual([[{ id: "c1", anything: 1 }], [{ id: "c1", anything: 1 }]])
      expect(server.seen.map((request) => request.url)).toEqual([
        "/campaigns/events?eventId=ev%201%26x",
        "/campaigns/events?eventId=ev%201%26x"
      ])
    }))

  it.scopedLive("fails when the campaigns of an event are not an array", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, { campaigns: [] }))
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(CampaignService, (service) => service.campaignsOfEvent("ev1")), campaignClient(server.url))
      )
      expect(error).toMatchObject({ service: "CampaignService", request: "GET /campaigns/events?eventId=ev1", retryable: false })
    }))
})
