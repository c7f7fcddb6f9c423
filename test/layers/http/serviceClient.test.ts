import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either, Option } from "effect"
import { retryAfterOf, type ServiceCallPolicy } from "../../../src/layers/http/serviceClient.js"
import type { MissingSetting, ServiceCallError } from "../../../src/services/errors.js"
import { EntryService } from "../../../src/services/EntryService.js"
import type { EntryScoringRecord } from "../../../src/services/schemas/EntryScoring.js"
import { type Answer, entryClient, fastPolicy, hang, json, raw, scriptedServer, testToken } from "./httpTestKit.js"

const records: ReadonlyArray<EntryScoringRecord> = [
  { globalUserId: "g1", verdict: true, score: 0.9, marketId: "mkt-chi", email: "a@example.com" }
]
const reply = { inserted: 1, updated: 0, found: 0 }

/** One scoring POST through the real Entry Service client against a server answering `answer`. */
const postAgainst = (answer: Answer, policy = fastPolicy) =>
  Effect.gen(function* () {
    const server = yield* scriptedServer(answer)
    const post = Effect.flatMap(EntryService, (entry) => entry.postScoring("c 1", records))
    const result = yield* Effect.either(Effect.provide(post, entryClient(server.url, policy)))
    return { result, seen: server.seen }
  })

const failureOf = <A>(result: Either.Either<A, ServiceCallError | MissingSetting>): ServiceCallError => {
  if (Either.isLeft(result) && result.left._tag === "ServiceCallError") return result.left
  throw new Error(`expected a ServiceCallError, got ${JSON.stringify(result)}`)
}

/** Against a real node:http server; retries, their waits and Retry-After: serviceClient.retries.test.ts (TestClock). */
describe("service client", () => {
  it.scopedLive("posts the records with the bearer token and a correlation id, and decodes the reply", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* postAgainst(json(200, reply))
      expect(result).toEqual(Either.right(reply))
      expect(seen).toHaveLength(1)
      expect(seen[0]).toMatchObject({ method: "POST", url: "/campaigns/c%201/scoring" })
      expect(JSON.parse(seen[0]!.body)).toEqual({ records })
      expect(seen[0]!.headers["authorization"]).toBe(`Bearer ${testToken}`)
      expect(seen[0]!.headers["content-type"]).toContain("application/json")
      expect(seen[0]!.headers["x-correlation-id"]).toMatch(/^[0-9a-f-]{36}$/)
    }))

  for (const status of [400, 404]) {
    it.scopedLive(`does not retry ${status}: fails with the status and the start of the reply`, () =>
      Effect.gen(function* () {
        const { result, seen } = yield* postAgainst(json(status, { message: "no such campaign" }))
        const error = failureOf(result)
        expect(seen).toHaveLength(1)
        expect(error).toMatchObject({ _tag: "ServiceCallError", service: "EntryService", status, retryable: false })
        expect(error.request).toBe("POST /campaigns/c%201/scoring")
        expect(error.reason).toContain("no such campaign")
        expect(error.message).not.toContain(testToken)
      }))
  }

  it.scopedLive("times out an attempt that gets no answer, retries it, then fails", () =>
    Effect.gen(function* () {
      const policy: ServiceCallPolicy = { ...fastPolicy, retries: 1, attemptTimeout: "150 millis" }
      const { result, seen } = yield* postAgainst(hang, policy)
      expect(seen).toHaveLength(2)
      const error = failureOf(result)
      expect(error).toMatchObject({ retryable: true })
      expect(error.status).toBeUndefined()
      expect(error.reason).toContain("no complete reply within")
    }))

  it.scopedLive("retries a refused connection, then fails retryable", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(hang)
      server.close()
      const post = Effect.flatMap(EntryService, (entry) => entry.postScoring("c1", records))
      const error = failureOf(yield* Effect.either(Effect.provide(post, entryClient(server.url))))
      expect(error).toMatchObject({ retryable: true })
      expect(error.status).toBeUndefined()
    }))

  it.scopedLive("fails, without retrying, on a reply that is not JSON", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* postAgainst(raw(200, "<html>gateway</html>"))
      expect(seen).toHaveLength(1)
      expect(failureOf(result)).toMatchObject({ status: 200, retryable: false, reason: "reply is not JSON: reply: <html>gateway</html>" })
    }))

  it.scopedLive("fails, without retrying, on JSON that is not the expected reply", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* postAgainst(json(200, { inserted: "one" }))
      expect(seen).toHaveLength(1)
      const error = failureOf(result)
      expect(error).toMatchObject({ status: 200, retryable: false })
      expect(error.reason).toContain("unexpected reply")
    }))

  it.live("fails to start without its settings, naming the variable", () =>
    Effect.gen(function* () {
      const withoutUrl = entryClient("", fastPolicy)
      const error = yield* Effect.flip(Effect.provide(EntryService, withoutUrl))
      expect(error).toMatchObject({ _tag: "MissingSetting", variable: "ENTRY_SERVICE_URL" })
      const badUrl = yield* Effect.flip(Effect.provide(EntryService, entryClient("not a url")))
      expect(badUrl).toMatchObject({ _tag: "MissingSetting", variable: "ENTRY_SERVICE_URL" })
      const withoutToken = yield* Effect.flip(Effect.provide(EntryService, entryClient("http://127.0.0.1:1", fastPolicy, { SERVICE_TOKEN: "" })))
      expect(withoutToken).toMatchObject({ _tag: "MissingSetting", variable: "SERVICE_TOKEN" })
    }))
})

describe("retryAfterOf", () => {
  const now = Date.parse("2026-05-01T12:00:00Z")
  it("reads seconds, an HTTP date, and nothing else", () => {
    expect(retryAfterOf("7", now)).toEqual(Option.some(Duration.seconds(7)))
    expect(retryAfterOf("Fri, 01 May 2026 12:00:30 GMT", now)).toEqual(Option.some(Duration.millis(30_000)))
    expect(retryAfterOf("Fri, 01 May 2026 11:00:00 GMT", now)).toEqual(Option.some(Duration.millis(0)))
    expect(retryAfterOf(undefined, now)).toEqual(Option.none())
    expect(retryAfterOf("soon", now)).toEqual(Option.none())
    expect(retryAfterOf("-3", now)).toEqual(Option.none())
  })
})
