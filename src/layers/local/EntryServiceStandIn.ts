import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Option, type Redacted, Schema } from "effect"
import { EntryScoringRecord, type EntryScoringReply } from "../../services/schemas/EntryScoring.js"
import { messageReply, requireBearer, serveOnLoopback } from "./loopbackServer.js"

/** One scoring POST the stand-in accepted, as it came. */
export interface EntryPost {
  readonly campaignId: string
  readonly records: ReadonlyArray<EntryScoringRecord>
}

const ScoringBody = Schema.Struct({ records: Schema.Array(EntryScoringRecord) })

/** A record's data in one canonical form (keys sorted), to tell "updated" from "found". */
const canonical = (record: EntryScoringRecord) => JSON.stringify(record, Object.keys(record).sort())

/** The fans an Entry Service has seen, per campaign: new → inserted, changed → updated, same → found. */
export class EntryBook {
  /** Every accepted POST, in order (the dump's entry-service.json). */
  readonly posts: Array<EntryPost> = []
  private readonly fans = new Map<string, Map<string, string>>()

  record(campaignId: string, records: ReadonlyArray<EntryScoringRecord>): EntryScoringReply {
    this.posts.push({ campaignId, records })
    const seen = this.fans.get(campaignId) ?? new Map<string, string>()
    this.fans.set(campaignId, seen)
    const reply = { inserted: 0, updated: 0, found: 0 }
    for (const record of records) {
      const before = seen.get(record.globalUserId)
      const now = canonical(record)
      if (before === undefined) reply.inserted++
      else if (before === now) reply.found++
      else reply.updated++
      seen.set(record.globalUserId, now)
    }
    return reply
  }
}

const maxBodyBytes = 8 * 1024 * 1024

const scoring = (book: EntryBook) =>
  Effect.gen(function* () {
    const { campaignId = "" } = yield* HttpRouter.params
    const body = yield* Effect.either(HttpServerRequest.schemaBodyJson(ScoringBody))
    if (body._tag === "Left") return messageReply(400, `not a scoring body: ${body.left.message.slice(0, 300)}`)
    return HttpServerResponse.unsafeJson(book.record(campaignId, body.right.records))
  }).pipe(HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)))

/**
 * The Entry Service on 127.0.0.1, for the local runner and tests, until the scope closes:
 * `POST /campaigns/{id}/scoring`. Gives its base URL and the book of what it was sent.
 */
export const entryServiceStandIn = (options: { readonly token?: Redacted.Redacted<string> } = {}) =>
  Effect.gen(function* () {
    const book = new EntryBook()
    const app = HttpRouter.empty.pipe(HttpRouter.post("/campaigns/:campaignId/scoring", scoring(book)))
    const url = yield* serveOnLoopback(requireBearer(options.token)(app))
    return { url, book }
  })
