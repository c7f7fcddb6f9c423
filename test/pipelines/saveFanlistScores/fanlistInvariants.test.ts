import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Logger, LogLevel } from "effect"
import fc from "fast-check"
import { fanItems, fanlistWorld, runFanlist, type Upserts } from "./fanlistFixture.js"

/** A generated data row: ids from small pools so that fans repeat; some fields broken. */
const row = fc.record({
  globalUserId: fc.constantFrom("", "", "g1", "g2", " g3 "),
  memberId: fc.constantFrom("", "", "m1", "m2"),
  email: fc.constantFrom("", "", "a@b.co", " A@B.CO", "bad@mail"),
  score: fc.constantFrom("0.5", "1", "0.25", "2", "-1", "x", ""),
  isVerified: fc.constantFrom("", "0", "true", "no")
})
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never

/** Which rows the rules of SPEC §3.2 keep: validity, identifier, best score per fan. */
const expectedFans = (rows: ReadonlyArray<Row>) => {
  const best = new Map<string, { score: number; isVerified: boolean; order: number }>()
  rows.forEach((r) => {
    const email = r.email.trim().toLowerCase()
    const score = r.score.trim() === "" || r.score === "x" ? NaN : Number(r.score)
    if (Number.isNaN(score) || r.isVerified === "no" || (email !== "" && email !== "a@b.co")) return
    const pk = r.globalUserId.trim() ? `fan:${r.globalUserId.trim()}` : r.memberId ? `sid:${r.memberId}` : email ? `email:${email}` : undefined
    if (pk === undefined) return
    const current = best.get(pk)
    if (current === undefined || score > current.score) best.set(pk, { score, isVerified: r.isVerified !== "0", order: current?.order ?? best.size })
  })
  return best
}

describe("saveFanlistScores: result invariants on any fanlist", () => {
  it.live("counts every row once, and every fan once in the table and on the stream, whatever fails", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(fc.array(row, { maxLength: 25 }), fc.subarray(["fan:g1", "sid:m2", "email:a@b.co"]), async (rows, failPK) => {
          const csv = ["globalUserId,memberId,email,score,isVerified", ...rows.map((r) => Object.values(r).join(","))].join("\n")
          const world = fanlistWorld(`${csv}\n`, {
            campaignDataStreamFaults: { reject: (entry) => (entry.partitionKey === "g2" ? { errorCode: "InternalFailure", errorMessage: "no" } : undefined) }
          })
          const upserts: Upserts = []
          const run = runFanlist(world, failPK, undefined, upserts).pipe(Effect.provide(Logger.minimumLogLevel(LogLevel.None)))
          const outcome = await Effect.runPromise(Effect.either(run))
          const expected = expectedFans(rows)
          const refused = [...expected.keys()].filter((pk) => failPK.includes(pk))
          const byScore = [...expected].sort(([, a], [, b]) => b.score - a.score || a.order - b.order).map(([pk]) => pk)
          // Each fan's first upsert in score order; a refused one tried again (fastRetry: 2 retries).
          expect([...new Set(upserts.map(([pk]) => pk))]).toEqual(byScore)
          const tries = (pk: string) => upserts.filter(([upserted]) => upserted === pk).length
          expect(byScore.map(tries)).toEqual(byScore.map((pk) => (refused.includes(pk) ? 3 : 1)))
          const held = [...expected].filter(([pk]) => !failPK.includes(pk))
          expect(fanItems(world).map((i) => [i.PK, i.score, i.isVerified])).toEqual(
            held.map(([pk, fan]) => [pk, fan.score, fan.isVerified]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))
          )
          if (Either.isLeft(outcome)) {
            // A fan refused on every retry fails the load, after the others are saved; nothing reports it.
            expect(outcome.left).toMatchObject({ _tag: "FansNotSaved", count: refused.length })
            expect(world.verdictQueue.sent).toEqual([])
            return
          }
          expect(refused).toEqual([])
          const result = outcome.right
          const { input, dynamo, stream } = result
          expect(input.in).toBe(rows.length)
          expect(input.invalid + input.duplicate + input.valid).toBe(input.in)
          expect([dynamo.in, dynamo.failed + dynamo.out]).toEqual([input.valid, input.valid])
          expect([stream.in, stream.failed + stream.out]).toEqual([dynamo.out, dynamo.out])
          expect(result.errors.length).toBe(Math.min(100, input.invalid + input.duplicate + dynamo.failed + stream.failed))

          expect(dynamo.failed).toBe(0)
          const onStream = world.campaignDataStream.records().map((r) => r.partitionKey)
          expect(onStream.length).toBe(stream.out)
          expect(onStream).not.toContain("g2")
          expect(world.verdictQueue.sent.map((m) => m.body.count)).toEqual(dynamo.out > 0 ? [dynamo.out] : [])
        }),
        { numRuns: 100 }
      )
    ))
})
