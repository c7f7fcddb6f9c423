import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import { handleCampaignProxy, handler } from "../../src/handlers/campaignProxyHandler.js"
import { campaignServiceStandIn } from "../../src/layers/local/CampaignServiceStandIn.js"
import { campaignClient, fastPolicy, hang, json, scriptedServer, testToken } from "../layers/http/httpTestKit.js"

/** A resolver event as AppSync sends it to a direct Lambda resolver. */
const appSyncEvent = (args: Record<string, unknown>) => ({
  arguments: args,
  identity: null,
  source: null,
  request: { headers: { "x-api-key": "local" }, domainName: null },
  prev: null,
  info: { fieldName: "campaignsOfEvent", parentTypeName: "Query", variables: args, selectionSetList: ["id", "name"], selectionSetGraphQL: "{ id name }" },
  stash: {}
})

const campaigns = {
  c1: { id: "c1", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }], events: ["EV-CHI-1"] },
  c2: { id: "c2", name: "Winter", markets: [], events: ["EV-CHI-1", "EV-SEA-1"] }
}

const proxyAgainst = (event: unknown, url: string, policy = fastPolicy) =>
  Effect.either(handleCampaignProxy(event)).pipe(Effect.provide(campaignClient(url, policy, { SERVICE_TOKEN: testToken })))

describe("proxyCampaignService (SPEC §7)", () => {
  it.scopedLive("answers the campaigns of an event from the Campaign Service, [] for an unknown event", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make(testToken) })
      const found = yield* proxyAgainst(appSyncEvent({ eventId: "EV-CHI-1" }), url)
      expect(Either.getOrThrow(found).map((c) => (c as { id: string }).id).sort()).toEqual(["c1", "c2"])
      expect(Either.getOrThrow(yield* proxyAgainst(appSyncEvent({ eventId: "EV-NONE" }), url))).toEqual([])
    }))

  it.scopedLive("refuses an empty or malformed eventId as BadRequest before any call", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, []))
      for (const args of [{}, { eventId: "" }, { eventId: "EV 1" }, { eventId: "x".repeat(129) }, { eventId: 42 }, { eventId: "a/b?c" }]) {
        const result = yield* proxyAgainst(appSyncEvent(args), server.url)
        expect(Either.isLeft(result) && result.left.errorType).toBe("BadRequest")
      }
      expect(Either.isLeft(yield* proxyAgainst({ nothing: true }, server.url))).toBe(true)
      expect(server.seen).toHaveLength(0)
    }))

  it.scopedLive("maps a 404 to CampaignServiceRejected, without retrying", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(404, { message: "no such event" }))
      const result = yield* proxyAgainst(appSyncEvent({ eventId: "EV-1" }), server.url)
      expect(Either.isLeft(result) && result.left.errorType).toBe("CampaignServiceRejected")
      expect(Either.isLeft(result) && result.left.message).toContain("404")
      expect(server.seen).toHaveLength(1)
    }))

  it.scopedLive("maps a service that keeps failing (500) or hangs to CampaignServiceUnavailable after bounded retries", () =>
    Effect.gen(function* () {
      const failing = yield* scriptedServer(json(500, { message: "down" }))
      const down = yield* proxyAgainst(appSyncEvent({ eventId: "EV-1" }), failing.url)
      expect(Either.isLeft(down) && down.left.errorType).toBe("CampaignServiceUnavailable")
      expect(failing.seen).toHaveLength(fastPolicy.retries + 1)
      const slow = yield* scriptedServer(hang)
      const timedOut = yield* proxyAgainst(appSyncEvent({ eventId: "EV-1" }), slow.url, { ...fastPolicy, retries: 1, attemptTimeout: "100 millis" })
      expect(Either.isLeft(timedOut) && timedOut.left.errorType).toBe("CampaignServiceUnavailable")
    }))

  it.scopedLive("the Lambda throws an Error named by the errorType, with a clear message", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make(testToken) })
      process.env.CAMPAIGN_SERVICE_URL = url
      process.env.SERVICE_TOKEN = testToken
      const write = process.stdout.write
      process.stdout.write = (() => true) as typeof process.stdout.write
      try {
        const ok = yield* Effect.promise(() => handler(appSyncEvent({ eventId: "EV-SEA-1" })))
        expect(ok).toEqual([campaigns.c2])
        const refused = yield* Effect.promise(() => handler(appSyncEvent({ eventId: " " })).catch((error: Error) => error))
        expect(refused).toBeInstanceOf(Error)
        expect((refused as Error).name).toBe("BadRequest")
        expect((refused as Error).message).toMatch(/^eventId must be/)
      } finally {
        process.stdout.write = write
        delete process.env.CAMPAIGN_SERVICE_URL
        delete process.env.SERVICE_TOKEN
      }
    }))
})
