import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { fanChanges, fanItems, fanlistKey, fanlistWorld, runFanlist, runLogged, type Upserts } from "./fanlistFixture.js"

const csv = "globalUserId,memberId,email,score\ng1,m1,a@b.co,0.9\n,m2,,0.8\n,,C@D.io,0.7\n"

describe("saveFanlistScores: re-runs, logs, far-apart rows (SPEC §3.2, §4)", () => {
  it.effect("finds every item unchanged on a re-run of the same file, writes nothing and streams them again", () => {
    const world = fanlistWorld(csv)
    return Effect.gen(function* () {
      const first: Upserts = []
      yield* runFanlist(world, [], fanlistKey, first)
      expect(first.map(([, outcome]) => outcome)).toEqual(["created", "created", "created"])
      const changes = fanChanges(world).length
      const again: Upserts = []
      const result = yield* runFanlist(world, [], fanlistKey, again)
      expect(again).toEqual([["fan:g1", "unchanged"], ["sid:m2", "unchanged"], ["email:c@d.io", "unchanged"]])
      expect(fanChanges(world)).toHaveLength(changes)
      expect(result.dynamo).toEqual({ in: 3, failed: 0, out: 3 })
      expect(world.campaignDataStream.entries).toHaveLength(6)
      expect(world.verdictQueue.sent.map((m) => m.body.count)).toEqual([3, 3])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("updates a fan scored by a scrubbed file: score, isVerified and source change, its other attributes stay", () => {
    const world = fanlistWorld("globalUserId,score,isVerified\ng1,0.95,1\n")
    const scrubbed = { PK: "fan:g1", SK: "campaign:c1", campaignId: "c1", globalUserId: "g1", score: 0.4, isVerified: false }
    world.demandTable.putItem({ ...scrubbed, rank: "0", events: { "0": { market: "Denver" } }, source: "scrubbed", verdict: false })
    return Effect.gen(function* () {
      const upserts: Upserts = []
      yield* runFanlist(world, [], fanlistKey, upserts)
      expect(upserts).toEqual([["fan:g1", "updated"]])
      expect(fanItems(world)).toEqual([
        { ...scrubbed, score: 0.95, isVerified: true, source: "fanlist", rank: "0", events: { "0": { market: "Denver" } }, verdict: false, date: expect.anything() }
      ])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("logs each invalid row with its line and reason, every line annotated with worker, campaignId and correlationId", () => {
    const world = fanlistWorld(`${csv},,not-an-email,0.5\n`)
    return Effect.gen(function* () {
      const { result, lines } = yield* runLogged(world)
      expect(result.input).toEqual({ in: 4, invalid: 1, duplicate: 0, valid: 3 })
      const correlation = (world.campaignDataStream.records()[0]!.data as { __meta: { correlation: string } }).__meta.correlation
      expect(lines.find((line) => line.level === "WARN")).toMatchObject({
        message: 'line 5: email: expected an e-mail address (one @, text on both sides, a dot in the domain), got "not-an-email"'
      })
      expect(lines.length).toBeGreaterThan(1)
      for (const line of lines) {
        expect(line).toMatchObject({ worker: "saveFanlistScores", campaignId: "c1", correlationId: correlation, key: fanlistKey })
      }
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("de-duplicates rows far apart in the file, read in different pieces", () => {
    const pad = "x".repeat(24)
    const filler = (score: number) => Array.from({ length: 2500 }, (_, i) => `f${i},,,${score},${pad}`)
    const rows = ["g1,,,0.5,", ...filler(0.1), ",,G1@x.io,0.2,", "g1,,,0.7,", ...filler(0.05), "g1,,,0.6,", ",,g1@X.io,0.3,"]
    const world = fanlistWorld(`globalUserId,memberId,email,score,note\n${rows.join("\n")}\n`)
    expect(world.bucket.objects.get(fanlistKey)!.length).toBeGreaterThan(2 * 64 * 1024) // three pieces at least
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result.input).toEqual({ in: 5005, invalid: 0, duplicate: 2503, valid: 2502 })
      // The first row of g1 (line 2) lost to line 2504, tens of KiB later.
      expect(result.errors[0]).toEqual({ line: 2, reason: "duplicate" })
      const items = fanItems(world).filter((i) => i.PK === "fan:g1" || i.PK.startsWith("email:"))
      expect(items.map((i) => [i.PK, i.score])).toEqual([["email:g1@x.io", 0.3], ["fan:g1", 0.7]])
      expect(world.demandTable.changes[0]!.keys.PK).toBe("fan:g1")
      expect(fanItems(world).find((i) => i.PK === "fan:f0")!.score).toBe(0.1)
    }).pipe(Effect.provide(world.layer), Effect.provide(Logger.minimumLogLevel(LogLevel.Error)))
  })
})
