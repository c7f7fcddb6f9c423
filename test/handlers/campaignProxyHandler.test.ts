import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import { vi } from "vitest"
import { handleCampaignProxy } from "../../src/handlers/campaignProxyHandler.js"
import { campaignServiceStandIn } from "../../src/local/standIns/CampaignServiceStandIn.js"
import { campaignClient, json, scriptedServer, testToken } from "../layers/http/httpTestKit.js"

/** A query resolved by a direct Lambda resolver, shaped as AppSync sends it (Cognito user pool auth). */
const appSyncEvent = (args: Record<string, unknown>) => ({
  arguments: args,
  identity: {
    sub: "7d1c6f7e-1111-4a2b-9c3d-0123456789ab",
    issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
    username: "admin@example.com",
    claims: { "cognito:groups": ["admins"], token_use: "access" },
    sourceIp: ["127.0.0.1"],
    defaultAuthStrategy: "ALLOW",
    groups: ["admins"]
  },
  source: null,
  request: { headers: { "x-amzn-requestid": "0d3f-test", "content-type": "application/json" }, domainName: null },
  info: {
    fieldName: "campaignsOfEvent",
    parentTypeName: "Query",
    variables: args,
    selectionSetList: ["id", "name", "markets", "markets/id", "markets/name"],
    selectionSetGraphQL: "{ id name markets { id name } }"
  },
  prev: null,
  stash: {}
})

const campaigns = {
  c1: { id: "c1", name: "Summer Tour", markets: [{ id: "mkt-chi", name: "Chicago" }], events: ["EV-CHI-1"] },
  c2: { id: "c2", name: "Winter Tour", markets: [], events: ["EV-CHI-1", "EV-SEA-1"] }
}

type LambdaHandler = (event: unknown) => Promise<ReadonlyArray<unknown>>

/**
 * The Lambda `handler` of a fresh module (its services are built once, on the first
 * call, from the environment then set), called with stdout captured.
 */
const lambdaWith = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      Object.assign(process.env, env)
      vi.resetModules()
      const module = await import("../../src/handlers/campaignProxyHandler.js")
      return module.handler as LambdaHandler
    }),
    () => Effect.sync(() => Object.keys(env).forEach((name) => delete process.env[name]))
  ).pipe(
    Effect.map((handler) => (event: unknown) =>
      Effect.promise(async () => {
        const lines: Array<string> = []
        const write = process.stdout.write
        process.stdout.write = ((line: string) => (lines.push(line), true)) as typeof process.stdout.write
        try {
          const outcome = await handler(event).then((value) => Either.right(value), (error: Error) => Either.left(error))
          return { outcome, logged: lines.join("") }
        } finally {
          process.stdout.write = write
        }
      })
    )
  )

describe("handleCampaignProxy", () => {
  it.scopedLive("reads arguments.eventId of a real-shaped AppSync event, and nothing else of it", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make(testToken) })
      const found = yield* Effect.provide(handleCampaignProxy(appSyncEvent({ eventId: "EV-CHI-1" })), campaignClient(url))
      expect(found).toEqual([campaigns.c1, campaigns.c2])
    }))

  it.scopedLive("refuses an event without arguments, or without an eventId, before any call", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, []))
      for (const event of [{ nothing: true }, null, "EV-1", { arguments: "EV-1" }, appSyncEvent({}), appSyncEvent({ eventId: null })]) {
        const error = yield* Effect.flip(Effect.provide(handleCampaignProxy(event), campaignClient(server.url)))
        expect(error._tag).toBe("InvalidEventId")
      }
      expect(server.seen).toHaveLength(0)
    }))
})

describe("the Lambda handler (AppSync direct resolver)", () => {
  it.scopedLive("answers the array of campaigns from the Campaign Service named by the environment", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make("s3cr3t-token") })
      const call = yield* lambdaWith({ CAMPAIGN_SERVICE_URL: url, SERVICE_TOKEN: "s3cr3t-token" })
      const found = yield* call(appSyncEvent({ eventId: "EV-SEA-1" }))
      expect(found.outcome).toEqual(Either.right([campaigns.c2]))
      expect((yield* call(appSyncEvent({ eventId: "EV-NONE" }))).outcome).toEqual(Either.right([]))
      expect(found.logged).not.toContain("s3cr3t-token")
    }))

  it.scopedLive("throws BadRequest for a malformed eventId, without calling the service, and logs one line", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, []))
      const call = yield* lambdaWith({ CAMPAIGN_SERVICE_URL: server.url, SERVICE_TOKEN: "s3cr3t-token" })
      const cases: ReadonlyArray<[unknown, string]> = [
        [" ", "eventId is empty"],
        [undefined, "eventId is required"],
        [12, "eventId must be a string, not a number"],
        ["EV 1", 'eventId "EV 1" has " " at position 3: only letters, digits and . _ : - are allowed']
      ]
      for (const [eventId, message] of cases) {
        const { outcome, logged } = yield* call(appSyncEvent(eventId === undefined ? {} : { eventId }))
        const error = Either.getOrThrowWith(Either.flip(outcome), () => `accepted ${String(eventId)}`)
        expect(error).toBeInstanceOf(Error)
        expect({ name: error.name, message: error.message }).toEqual({ name: "BadRequest", message })
        const lines = logged.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)
        expect(lines).toEqual([{ level: "ERROR", message, errorType: "BadRequest", time: expect.any(String) }])
      }
      expect(server.seen).toHaveLength(0)
    }))

  it.scopedLive("throws CampaignServiceRejected with the status for a 404, and for a wrong token", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(404, { message: "no such event" }))
      const call = yield* lambdaWith({ CAMPAIGN_SERVICE_URL: server.url, SERVICE_TOKEN: "s3cr3t-token" })
      const { outcome, logged } = yield* call(appSyncEvent({ eventId: "EV-GONE" }))
      expect(Either.flip(outcome).pipe(Either.map(({ name, message }) => ({ name, message })))).toEqual(
        Either.right({
          name: "CampaignServiceRejected",
          message: 'Campaign Service refused the campaigns of event EV-GONE (HTTP 404): reply: {"message":"no such event"}'
        })
      )
      expect(server.seen.map((request) => request.headers["authorization"])).toEqual(["Bearer s3cr3t-token"])
      expect(logged).not.toContain("s3cr3t-token")
    }))

  it.scopedLive("throws CampaignServiceRejected (HTTP 401) when the service refuses the token", () =>
    Effect.gen(function* () {
      const { url } = yield* campaignServiceStandIn(campaigns, { token: Redacted.make("the-right-token") })
      const call = yield* lambdaWith({ CAMPAIGN_SERVICE_URL: url, SERVICE_TOKEN: "a-wrong-token" })
      const { outcome } = yield* call(appSyncEvent({ eventId: "EV-CHI-1" }))
      const error = Either.getOrThrowWith(Either.flip(outcome), () => "expected a failure")
      expect(error.name).toBe("CampaignServiceRejected")
      expect(error.message).toContain("(HTTP 401)")
    }))
})
