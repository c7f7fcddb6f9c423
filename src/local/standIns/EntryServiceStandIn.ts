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

/** A record's fields in one canonical form: names sorted, each with its value as JSON (the fields are scalars). */
const canonical = (record: EntryScoringRecord) => {
  const fields = record as Readonly<Record<string, unknown>>
  let text = ""
  for (const name of Object.keys(fields).sort()) text += `${name}\u0000${JSON.stringify(fields[name])}\u0001`
  return text
}

/** A 53-bit hash of a record's data in one canonical form (keys sorted), to tell "updated" from "found" without keeping the data. */
const fingerprint = (record: EntryScoringRecord) => {
  const text = canonical(record)
  let [h1, h2] = [0xdeadbeef, 0x41c6ce57]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

export interface EntryBookOptions {
  /** Keep every POST in `posts` (default); a long run hands them to `onPost` instead. */
  readonly keepPosts?: boolean
  readonly onPost?: (post: EntryPost) => void
}

/** The fans an Entry Service has seen, per campaign: new → inserted, changed → updated, same → found. */
export class EntryBook {
  /** Every accepted POST, in order (the dump's entry-service.json), unless the book was told not to keep them. */
  readonly posts: Array<EntryPost> = []
  postCount = 0
  recordCount = 0
  private readonly fans = new Map<string, Map<string, number>>()

  constructor(private readonly options: EntryBookOptions = {}) {}

  record(campaignId: string, records: ReadonlyArray<EntryScoringRecord>): EntryScoringReply {
    const post = { campaignId, records }
    if (this.options.keepPosts !== false) this.posts.push(post)
    this.options.onPost?.(post)
    this.postCount++
    this.recordCount += records.length
    const seen = this.fans.get(campaignId) ?? new Map<string, number>()
    this.fans.set(campaignId, seen)
    const reply = { inserted: 0, updated: 0, found: 0 }
    for (const record of records) {
      const before = seen.get(record.globalUserId)
      const now = fingerprint(record)
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
export const entryServiceStandIn = (options: { readonly token?: Redacted.Redacted<string> } & EntryBookOptions = {}) =>
  Effect.gen(function* () {
    const book = new EntryBook(options)
    const app = HttpRouter.empty.pipe(HttpRouter.post("/campaigns/:campaignId/scoring", scoring(book)))
    const url = yield* serveOnLoopback(requireBearer(options.token)(app))
    return { url, book }
  })
