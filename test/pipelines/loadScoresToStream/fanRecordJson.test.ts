import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import type { FanGroup } from "../../../src/pipelines/loadScoresToStream/BlockFans.js"
import { buildFanRecord } from "../../../src/pipelines/loadScoresToStream/fanRecord.js"
import { fanRecordJson } from "../../../src/pipelines/loadScoresToStream/fanRecordJson.js"
import type { ScrubbedRow } from "../../../src/services/schemas/ScrubbedRow.js"

const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a"b', "back\\slash", "new\nline", "tab\there", "Zoë", "🎫", "\u2028", "lone \ud800", "\udfff end", "\u007f", ""))
const maybe = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined })
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 1e-7, 0.95))

const row: fc.Arbitrary<ScrubbedRow> = fc.record({
  globalUserId: text,
  rank: maybe(fc.nat(5)),
  id: maybe(text),
  campaign_id: maybe(text),
  score: number,
  localFanscore: maybe(number),
  accountFanscore: maybe(number),
  bandScore: maybe(number),
  isVerified: fc.boolean(),
  "nudetect.score": maybe(number),
  "nudetect.scoreBand": maybe(text),
  review_notes: maybe(fc.array(text, { maxLength: 3 })),
  hbase: maybe(text),
  event_id: maybe(text),
  memberId: maybe(text),
  email: maybe(text),
  phone: maybe(text),
  phoneType: maybe(text),
  phoneConfirmedDate: maybe(text),
  firstName: maybe(text),
  lastName: maybe(text),
  locale: maybe(text)
})

const group: fc.Arbitrary<FanGroup> = fc
  .uniqueArray(fc.nat(9), { minLength: 1, maxLength: 3 })
  .chain((ranks) => fc.tuple(fc.constant(ranks), fc.array(row, { minLength: ranks.length, maxLength: ranks.length })))
  .map(([ranks, rows]) => ({ globalUserId: rows[0]!.globalUserId, rows: rows.map((r, i) => ({ line: i + 2, rank: ranks[i]!, row: r })) }))

const meta = { correlation: "c0ffee", date: 1763800000000, source: "s3://vf-scoring/scrubbed/x.csv" }

describe("fanRecordJson", () => {
  it("writes exactly the text JSON.stringify gives of the fan record (SPEC §3.1)", () => {
    fc.assert(
      fc.property(group, fc.string({ maxLength: 6 }), (fan, campaignId) => {
        const expected = JSON.stringify(buildFanRecord(campaignId, fan, meta))
        expect(fanRecordJson(JSON.stringify(campaignId), fan, JSON.stringify(meta))).toBe(expected)
      }),
      { numRuns: 2000 }
    )
  })
})
