import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fanItems, fanlistWorld, runFanlist } from "./fanlistFixture.js"

const rows = [
  "globalUserId,memberId,email,score,isVerified",
  'g1,"m1, with comma",,0.9,',
  "g2,,,high,",
  ",,,0.5,true",
  ",,a@b,0.5,",
  "g3,,,0.4,maybe",
  "g4,,0.3,",
  '"g5\nsplit",,,0.2,0',
  "g6,,,,true",
  "",
  ",m7,,0.1,1",
  "g1,,,0.95,"
]

describe("saveFanlistScores: bad rows and bad files (SPEC §3)", () => {
  it.effect("counts each bad row with its line and a clear reason, and every valid row still gets through", () => {
    const world = fanlistWorld(`\uFEFF${rows.join("\r\n")}\r\n`)
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result).toMatchObject({
        input: { in: 10, invalid: 6, duplicate: 1, valid: 3 },
        dynamo: { in: 3, failed: 0, out: 3 },
        stream: { in: 3, failed: 0, out: 3 }
      })
      expect(result.errors).toEqual([
        { line: 2, reason: "duplicate" },
        { line: 3, reason: 'score: expected a finite number, got "high"' },
        { line: 4, reason: "no identifier: globalUserId, memberId and email are all empty" },
        { line: 5, reason: 'email: expected an e-mail address (one @, text on both sides, a dot in the domain), got "a@b"' },
        { line: 6, reason: 'isVerified: expected true, false, 1 or 0, got "maybe"' },
        { line: 7, reason: "expected 5 fields, found 4" },
        { line: 10, reason: "score: required, but empty" }
      ])
      expect(fanItems(world).map((i) => [i.PK, i.score, i.isVerified])).toEqual([
        ["fan:g1", 0.95, true],
        ["fan:g5\nsplit", 0.2, false],
        ["sid:m7", 0.1, true]
      ])
      expect(world.campaignDataStream.records().map((r) => r.partitionKey)).toEqual(["g1", "g5\nsplit", "m7"])
      expect(world.verdictQueue.sent.map((m) => m.body.count)).toEqual([3])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("takes isVerified as true for every fan of a file without that column", () => {
    const world = fanlistWorld("score,email\n0.5,a@b.co\n0.4,c@d.co\n")
    return Effect.gen(function* () {
      yield* runFanlist(world)
      expect(fanItems(world).map((i) => [i.PK, i.isVerified])).toEqual([["email:a@b.co", true], ["email:c@d.co", true]])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("reads a header with no rows as an empty fanlist: nothing written, no verdict message", () => {
    const world = fanlistWorld("globalUserId,score\n\n")
    return Effect.gen(function* () {
      const result = yield* runFanlist(world)
      expect(result).toEqual({
        campaignId: "c1",
        input: { in: 0, invalid: 0, duplicate: 0, valid: 0 },
        dynamo: { in: 0, failed: 0, out: 0 },
        stream: { in: 0, failed: 0, out: 0 },
        errors: []
      })
      expect(world.verdictQueue.sent).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("fails a file whose rows cannot be read, whole, naming the cause, before anything is written", () =>
    Effect.gen(function* () {
      const cases = [
        ["memberId,email\nm1,a@b.co\n", "fanlist/scored/c1/20261121T1000.csv: line 1: header lacks required column score"],
        ["id,score\ng1,0.5\n", "line 1: header has none of the identifier columns globalUserId, memberId, email"],
        ["globalUserId,score\u0000\ng1,0.5\n", "not a CSV file (binary content)"],
        ["", "line 1: empty file: no header row"]
      ] as const
      for (const [text, reason] of cases) {
        const world = fanlistWorld(text)
        const error = yield* Effect.flip(runFanlist(world))
        expect(error._tag).toBe("UnreadableFile")
        expect(error.message).toContain(reason)
        expect([world.demandTable.changes, world.campaignDataStream.entries, world.verdictQueue.sent]).toEqual([[], [], []])
      }
    }))

  it.effect("fails a key out of pattern and a missing object with their own errors", () =>
    Effect.gen(function* () {
      const world = fanlistWorld("globalUserId,score\ng1,0.5\n")
      for (const key of ["fanlist/scored/c1.csv", "fanlist/scored/c1/sub/t.csv", "fanlist/scored/c1/t.txt", "fanlist/c1/t.csv"]) {
        const error = yield* Effect.flip(runFanlist(world, [], key))
        expect(error.message).toBe(`key "${key}" does not match fanlist/scored/<campaignId>/<timestamp>.csv`)
      }
      const missing = yield* Effect.flip(runFanlist(world, [], "fanlist/scored/c1/missing.csv"))
      expect([missing._tag, missing.message]).toEqual(["ObjectNotFound", "s3://vf-scoring/fanlist/scored/c1/missing.csv: no such object"])
      expect(world.demandTable.changes).toEqual([])
    }))
})
