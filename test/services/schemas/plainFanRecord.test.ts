import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { FanRecord } from "../../../src/services/schemas/FanRecord.js"
import { plainFanRecord } from "../../../src/services/schemas/plainFanRecord.js"

const decode = Schema.decodeUnknownEither(FanRecord)

/** Any JSON value, or one of the kinds a field of a fan record takes. */
const value = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }))
const number = fc.double({ noNaN: true, noDefaultInfinity: true })
const event = fc.record({ market: fc.string(), eventId: fc.string(), other: value }, { requiredKeys: [] })

/** A fan record as it should be, some optional fields absent, with a field unknown to the schema now and then. */
const fanRecord = fc.record(
  {
    campaignId: fc.string(),
    globalUserId: fc.string(),
    memberId: fc.string(),
    email: fc.string(),
    score: number,
    localFanscore: number,
    accountFanscore: number,
    bandScore: number,
    isVerified: fc.boolean(),
    rank: fc.string(),
    events: fc.dictionary(fc.constantFrom("0", "1", "2", "x"), event, { maxKeys: 3 }),
    tags: fc.array(fc.string(), { maxLength: 3 }),
    origin: fc.record({ nudetect: fc.record({ score: number, scoreBand: fc.string() }, { requiredKeys: [] }), other: value }, { requiredKeys: ["nudetect"] }),
    phone: fc.string(),
    phoneType: fc.string(),
    phoneConfirmedDate: fc.string(),
    firstName: fc.string(),
    lastName: fc.string(),
    locale: fc.string(),
    unknownField: value,
    __meta: fc.record({ correlation: fc.string(), date: number, source: fc.string(), run: fc.string(), other: value }, { requiredKeys: ["correlation", "date", "source"] })
  },
  { requiredKeys: ["campaignId", "globalUserId", "score", "isVerified", "rank", "events", "__meta"] }
)

/** Paths to spoil a record at: its fields, and fields of its nested objects. */
const paths = [
  ...["campaignId", "globalUserId", "memberId", "email", "score", "localFanscore", "accountFanscore", "bandScore", "isVerified", "rank"],
  ...["events", "tags", "origin", "phone", "phoneType", "phoneConfirmedDate", "firstName", "lastName", "locale", "__meta"],
  ...["events.0", "events.0.market", "events.1.eventId", "tags.0", "origin.nudetect", "origin.nudetect.score", "origin.nudetect.scoreBand"],
  ...["__meta.correlation", "__meta.date", "__meta.source", "__meta.run"]
]

/** The record with the value at `path` replaced (or removed), where the path leads to an object. */
const spoiled = (record: Record<string, unknown>, path: string, replacement: unknown, remove: boolean) => {
  const names = path.split(".")
  let at: unknown = record
  for (const name of names.slice(0, -1)) at = at !== null && typeof at === "object" ? (at as Record<string, unknown>)[name] : undefined
  if (at === null || typeof at !== "object") return record
  const last = names.at(-1)!
  if (remove) delete (at as Record<string, unknown>)[last]
  else (at as Record<string, unknown>)[last] = replacement
  return record
}

/** Records near a fan record: as it should be, or with one field removed or of another kind. */
const nearFanRecord = fc
  .tuple(fanRecord, fc.option(fc.tuple(fc.constantFrom(...paths), value, fc.boolean()), { freq: 2 }))
  .map(([record, spoil]) => (spoil === null ? record : spoiled(structuredClone(record), ...spoil)))

/** Through JSON and back, as a record's data comes: undefined fields dropped. */
const asJson = (record: unknown) => JSON.parse(JSON.stringify(record)) as unknown

describe("plainFanRecord", () => {
  it("reads what Schema reads, to the same object (fields in the same order), and nothing Schema refuses", () =>
    fc.assert(
      fc.property(nearFanRecord.map(asJson), (json) => {
        const plain = plainFanRecord(json)
        const decoded = decode(json)
        if (plain === undefined) return
        expect(Either.isRight(decoded)).toBe(true)
        const schemaRecord = Either.getOrThrow(decoded)
        expect(plain).toStrictEqual(schemaRecord)
        expect(JSON.stringify(plain)).toBe(JSON.stringify(schemaRecord))
      }),
      { numRuns: 3_000 }
    ))

  it("reads every fan record Schema reads (so that Schema's cost is paid only for records that are not)", () =>
    fc.assert(
      fc.property(nearFanRecord.map(asJson), (json) => {
        if (Either.isRight(decode(json))) expect(plainFanRecord(json)).toBeDefined()
      }),
      { numRuns: 3_000 }
    ))

  it("copies what it reads: nothing of the input is shared", () => {
    const json = asJson({
      campaignId: "c", globalUserId: "g", score: 1, isVerified: true, rank: "0",
      events: { "0": { market: "Denver" } }, tags: ["vip"], origin: { nudetect: { score: 5 } },
      __meta: { correlation: "x", date: 1, source: "s" }
    }) as Record<string, Record<string, unknown>>
    const plain = plainFanRecord(json) as unknown as Record<string, Record<string, unknown>>
    for (const name of ["events", "tags", "origin", "__meta"]) expect(plain[name]).not.toBe(json[name])
    expect(plain["events"]!["0"]).not.toBe(json["events"]!["0"])
  })
})
