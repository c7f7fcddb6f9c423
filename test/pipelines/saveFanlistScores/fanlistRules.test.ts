import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fanItems, fanlistWorld, runFanlist } from "./fanlistFixture.js"

describe("saveFanlistScores: identifiers and rows (SPEC §3.2)", () => {
  it.effect("names each fan by the first present of globalUserId, memberId, email, with its key prefix", () => {
    const world = fanlistWorld("email,memberId,globalUserId,score\na@b.co,m1,g1,0.9\na@b.co,m2,,0.8\n Pat.Lee@Example.COM ,,,0.7\n")
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result.input).toEqual({ in: 3, invalid: 0, duplicate: 0, valid: 3 })
      expect(fanItems(world).map((i) => [i.PK, i.SK])).toEqual([
        ["email:pat.lee@example.com", "campaign:c1"],
        ["fan:g1", "campaign:c1"],
        ["sid:m2", "campaign:c1"]
      ])
      expect(fanItems(world)[1]).toMatchObject({ campaignId: "c1", globalUserId: "g1", memberId: "m1", email: "a@b.co", score: 0.9, isVerified: true, source: "fanlist" })
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("refuses an e-mail without exactly one @, text on both sides and a dot in the domain", () => {
    const bad = ["not-an-email", "a@b", "@b.co", "a@", "a@@b.co", "a@b@c.co", "a b@c.co"]
    const world = fanlistWorld(`email,score\n${bad.map((e) => `${e},0.5`).join("\n")}\nok@x.io,0.5\n`)
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result.input).toEqual({ in: 8, invalid: 7, duplicate: 0, valid: 1 })
      expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8])
      expect(result.errors.every((e) => e.reason.startsWith("email: expected an e-mail address"))).toBe(true)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("takes isVerified as true when absent, and reads false / 0 / TRUE", () => {
    const world = fanlistWorld("globalUserId,score,isVerified\ng1,0.5,\ng2,0.5,false\ng3,0.5,0\ng4,0.5,TRUE\n")
    return Effect.gen(function* () {
      yield* runFanlist(world)
      expect(fanItems(world).map((i) => [i.PK, i.isVerified])).toEqual([["fan:g1", true], ["fan:g2", false], ["fan:g3", false], ["fan:g4", true]])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("keeps the highest score of a fan over the whole file; the first row wins a tie", () => {
    const rows = ["g1,0.2", "g2,0.5", "g1,0.9", "g3,0.1", "g2,0.5", "g1,0.4", "g3,0.3"]
    const world = fanlistWorld(`globalUserId,score\n${rows.join("\n")}\n`)
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result.input).toEqual({ in: 7, invalid: 0, duplicate: 4, valid: 3 })
      expect(result.errors).toEqual([2, 6, 7, 5].sort().map((line) => ({ line, reason: "duplicate" })))
      expect(fanItems(world).map((i) => [i.PK, i.score])).toEqual([["fan:g1", 0.9], ["fan:g2", 0.5], ["fan:g3", 0.3]])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("upserts in descending score order", () => {
    const world = fanlistWorld("memberId,score\nm1,0.3\nm2,0.9\nm3,0.5\nm4,0.9\nm5,0.1\n")
    return Effect.gen(function* () {
      yield* runFanlist(world)
      expect(world.demandTable.changes.filter((c) => c.keys.PK.startsWith("sid:")).map((c) => c.keys.PK)).toEqual(["sid:m2", "sid:m4", "sid:m3", "sid:m1", "sid:m5"])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("counts invalid rows with their line and reason, and every valid row still gets through", () => {
    const world = fanlistWorld("globalUserId,memberId,score\ng1,,NaN\n,,0.5\ng2,m2\ng3,,0.4\n")
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result.input).toEqual({ in: 4, invalid: 3, duplicate: 0, valid: 1 })
      expect(result.errors).toEqual([
        { line: 2, reason: 'score: expected a finite number, got "NaN"' },
        { line: 3, reason: "no identifier: globalUserId, memberId and email are all empty" },
        { line: 4, reason: "expected 3 fields, found 2" }
      ])
      expect(fanItems(world).map((i) => i.PK)).toEqual(["fan:g3"])
    }).pipe(Effect.provide(world.layer))
  })
})
