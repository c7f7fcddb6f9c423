import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import type { ServiceCallPolicy } from "../../../src/layers/http/serviceClient.js"
import { campaignServiceStandIn } from "../../../src/local/standIns/CampaignServiceStandIn.js"
import { errorTypeOf } from "../../../src/pipelines/proxyCampaignService/errorTypes.js"
import { checkEventId } from "../../../src/pipelines/proxyCampaignService/eventId.js"
import { proxyCampaignService } from "../../../src/pipelines/proxyCampaignService/proxyCampaignService.js"
import { campaignClient, fastPolicy, hang, json, scriptedServer, testToken } from "../../layers/http/httpTestKit.js"

const campaigns = {
  c1: { id: "c1", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }], events: ["vvG1zZ:9X_b2Q-Jm.1"] },
  c2: { id: "c2", name: "Winter Tour", markets: [], events: ["vvG1zZ:9X_b2Q-Jm.1", "EV-SEA-1"] },
  c3: { id: "c3", name: "No events", markets: [] }
}

/** The proxy's failure (or its answer) against a Campaign Service at `url`. */
const proxy = (eventId: unknown, url: string, policy = fastPolicy) =>
  Effect.either(proxyCampaignService(eventId)).pipe(Effect.provide(campaignClient(url, policy)))

const failureOf = <A, E>(result: Either.Either<A, E>): E => Either.getOrThrowWith(Either.flip(result), () => "expected a failure")

describe("the eventId rule", () => {
  it("accepts 1 to 128 letters, digits and . _ : -", () => {
    for (const id of ["a", "EV-1", "vvG1zZ:9X_b2Q-Jm.1", "1A005C9B8F3E4D21", "x".repeat(128)]) {
      expect(checkEventId(id)).toEqual(Either.right(id))
    }
  })

  it("refuses, with a reason saying why, what is missing, not a string, empty, too long or has other characters", () => {
    const reasons = [undefined, null, 42, ["EV-1"], "", "   ", "x".repeat(129), "EV 1", " EV-1", "EV-1\n", "a/b", "a?b=c&d", "é", "EV%201"].map(
      (value) => Either.getOrThrowWith(Either.flip(checkEventId(value)), () => `accepted ${String(value)}`).message
    )
    expect(reasons.slice(0, 7)).toEqual([
      "eventId is required",
      "eventId is required",
      "eventId must be a string, not a number",
      "eventId must be a string, not an array",
      "eventId is empty",
      "eventId is empty",
      "eventId is 129 characters long, at most 128 are allowed"
    ])
    expect(reasons[7]).toBe('eventId "EV 1" has " " at position 3: only letters, digits and . _ : - are allowed')
    for (const reason of reasons.slice(8)) expect(reason).toMatch(/only letters, digits and \. _ : - are allowed$/)
  })
})

describe("proxyCampaignService", () => {
  it.scopedLive("answers the campaigns of an event as the stand-in gives them, [] for an unknown event", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make(testToken) })
      const found = Either.getOrThrow(yield* proxy("vvG1zZ:9X_b2Q-Jm.1", url))
      expect(found).toEqual([campaigns.c1, campaigns.c2])
      expect(Either.getOrThrow(yield* proxy("EV-SEA-1", url))).toEqual([campaigns.c2])
      expect(Either.getOrThrow(yield* proxy("EV-UNKNOWN", url))).toEqual([])
    }))

  it.scopedLive("refuses a malformed eventId as BadRequest and sends no request", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, []))
      for (const eventId of ["EV 1", "", undefined, "x".repeat(129), 7, "a&b"]) {
        const error = failureOf(yield* proxy(eventId, server.url))
        expect(error._tag).toBe("InvalidEventId")
        expect(errorTypeOf(error)).toBe("BadRequest")
      }
      expect(server.seen).toHaveLength(0)
    }))

  it.scopedLive("maps a 404 to CampaignServiceRejected with its status, asked once", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(404, { message: "no such event" }))
      const error = failureOf(yield* proxy("EV-1", server.url))
      expect(errorTypeOf(error)).toBe("CampaignServiceRejected")
      expect(error).toMatchObject({ status: 404, eventId: "EV-1" })
      expect(error.message).toBe('Campaign Service refused the campaigns of event EV-1 (HTTP 404): reply: {"message":"no such event"}')
      expect(server.seen.map((request) => request.url)).toEqual(["/campaigns/events?eventId=EV-1"])
    }))

  it.scopedLive("maps a wrong token (401 from the stand-in) to CampaignServiceRejected", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make("another-token") })
      const error = failureOf(yield* proxy("EV-SEA-1", url))
      expect(errorTypeOf(error)).toBe("CampaignServiceRejected")
      expect(error.message).toContain("(HTTP 401)")
      expect(error.message).not.toContain(testToken)
    }))

  it.scopedLive("maps a service that always answers 500 to CampaignServiceUnavailable after bounded retries", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(500, { message: "down" }))
      const error = failureOf(yield* proxy("EV-1", server.url))
      expect(errorTypeOf(error)).toBe("CampaignServiceUnavailable")
      expect(error.message).toBe('Campaign Service failed to give the campaigns of event EV-1 (HTTP 500): reply: {"message":"down"}')
      expect(server.seen).toHaveLength(fastPolicy.retries + 1)
    }))

  it.scopedLive("maps a service too slow to answer to CampaignServiceUnavailable (timeout)", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(hang)
      const policy: ServiceCallPolicy = { ...fastPolicy, retries: 1, attemptTimeout: "100 millis" }
      const error = failureOf(yield* proxy("EV-1", server.url, policy))
      expect(errorTypeOf(error)).toBe("CampaignServiceUnavailable")
      expect(error.message).toBe("Campaign Service failed to give the campaigns of event EV-1: no complete reply within 100ms")
      expect(server.seen).toHaveLength(2)
    }))

  it.scopedLive("maps a service that cannot be reached to CampaignServiceUnavailable, without status", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, []))
      server.close()
      const error = failureOf(yield* proxy("EV-1", server.url, { ...fastPolicy, retries: 1 }))
      expect(errorTypeOf(error)).toBe("CampaignServiceUnavailable")
      expect(error).not.toHaveProperty("status")
      expect(error.message).toMatch(/^Campaign Service failed to give the campaigns of event EV-1: /)
    }))

  it.scopedLive("maps a reply that is not an array of campaigns to CampaignServiceUnavailable, not retried", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, { campaigns: [] }))
      const error = failureOf(yield* proxy("EV-1", server.url))
      expect(errorTypeOf(error)).toBe("CampaignServiceUnavailable")
      expect(error.message).toMatch(/^Campaign Service failed to give the campaigns of event EV-1 \(HTTP 200\): unexpected reply/)
      expect(server.seen).toHaveLength(1)
    }))
})
