import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import type { FanlistEntry, IdentifierKind } from "../../../src/pipelines/saveFanlistScores/decodeFanlistRows.js"
import { FanlistDedupe } from "../../../src/pipelines/saveFanlistScores/FanlistDedupe.js"
import type { FanlistRow } from "../../../src/services/schemas/FanlistRow.js"

const kinds: ReadonlyArray<IdentifierKind> = ["globalUserId", "memberId", "email"]
const entry = (line: number, row: FanlistRow): FanlistEntry => {
  const kind = kinds.find((k) => row[k] !== undefined)!
  return { line, kind, id: row[kind]!, row }
}

/** The rule as plainly as it can be said: one object per fan, the best row, ties to the first. */
const reference = (entries: ReadonlyArray<FanlistEntry>) => {
  const best = new Map<string, FanlistEntry>()
  const dropped: Array<number> = []
  for (const e of entries) {
    const key = `${e.kind}:${e.id}`
    const current = best.get(key)
    if (current === undefined) best.set(key, e)
    else if (e.row.score > current.row.score) (dropped.push(current.line), best.set(key, e))
    else dropped.push(e.line)
  }
  const survivors = [...best.values()].sort((a, b) => b.row.score - a.row.score)
  return { survivors, dropped }
}

const pushAll = (entries: ReadonlyArray<FanlistEntry>) => {
  const dedupe = new FanlistDedupe()
  const dropped = entries.flatMap((e) => dedupe.push(e) ?? [])
  return { dedupe, dropped }
}

const rowArbitrary = fc.record(
  {
    globalUserId: fc.constantFrom("g1", "g2", "g3"),
    memberId: fc.constantFrom("g1", "m1", "m2"),
    email: fc.constantFrom("g1", "a@b.co", "c@d.io"),
    score: fc.constantFrom(0, -0, 0.5, 1, 2.25, -3),
    isVerified: fc.boolean()
  },
  { requiredKeys: ["score"] }
).filter((row) => kinds.some((k) => row[k] !== undefined))

describe("FanlistDedupe", () => {
  it("keeps a fan's highest score over the whole file; the first row wins a tie; the dropped row's line comes back", () => {
    const { dedupe, dropped } = pushAll([
      entry(2, { globalUserId: "g1", memberId: "m1", score: 0.2 }),
      entry(3, { memberId: "g1", score: 0.9 }),
      entry(4, { globalUserId: "g1", email: "a@b.co", score: 0.7, isVerified: false }),
      entry(50_000, { globalUserId: "g1", score: 0.7 })
    ])
    expect(dropped).toEqual([2, 50_000])
    expect([...dedupe.survivors()]).toEqual([
      { line: 3, kind: "memberId", id: "g1", row: { memberId: "g1", score: 0.9, isVerified: true } },
      { line: 4, kind: "globalUserId", id: "g1", row: { globalUserId: "g1", email: "a@b.co", score: 0.7, isVerified: false } }
    ])
  })

  it("gives survivors by descending score, equal scores in the order their fans were first seen", () => {
    const { dedupe } = pushAll(["a", "b", "c", "d"].map((id, i) => entry(i + 2, { memberId: id, score: i % 2 })))
    expect([...dedupe.survivors()].map((e) => e.id)).toEqual(["b", "d", "a", "c"])
  })

  it("grows past its first columns", () => {
    const { dedupe, dropped } = pushAll(Array.from({ length: 5000 }, (_, i) => entry(i + 2, { email: `f${i % 2500}@x.io`, score: i })))
    expect(dedupe.size).toBe(2500)
    expect(dropped).toHaveLength(2500)
    const survivors = [...dedupe.survivors()]
    expect(survivors[0]).toEqual({ line: 5001, kind: "email", id: "f2499@x.io", row: { email: "f2499@x.io", score: 4999, isVerified: true } })
    expect(survivors.at(-1)!.line).toBe(2502)
  })

  it("agrees with the plain rule on any rows", () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 60 }), (rows) => {
        const entries = rows.map((row, i) => entry(i + 2, row))
        const { dedupe, dropped } = pushAll(entries)
        const expected = reference(entries)
        expect(dropped).toEqual(expected.dropped)
        expect(dedupe.size).toBe(expected.survivors.length)
        const normal = (e: FanlistEntry) => ({ ...e, row: { ...e.row, isVerified: e.row.isVerified ?? true } })
        expect([...dedupe.survivors()]).toEqual(expected.survivors.map(normal))
      }),
      { numRuns: 500 }
    )
  })
})
