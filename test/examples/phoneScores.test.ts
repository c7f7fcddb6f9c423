import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { DemandTable, DemandTableError } from "vf-scoring-workers"
import { MemoryWorld } from "vf-scoring-workers/testing"
import { savePhoneScores } from "../../examples/phoneScores/savePhoneScores.js"

const key = "phonescores/c7/20261202T0800.csv"

/** A world holding `csv` under `key`. */
const worldOf = (csv: string) => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new TextEncoder().encode(csv))
  return world
}

/** The table's items without their dates (ISO times of the run). */
const items = (world: MemoryWorld) => world.demandTable.allItems().map(({ date: _date, ...item }) => item)

const file = [
  "memberId,channel,phoneScore,phoneVerified,note",
  "m1,sms,0.5,true,first",
  "m2,voice,0.7,,",
  "m1,sms,0.9,false,higher",
  "m3,,1.5,,",
  '"  ",,0.4,,',
  "m2,,0.7,0,tie",
  " m4 ,,0,1,",
  "m5,,-0.1,,",
  "m6,,abc,,",
  "m7,,0.2",
  ""
].join("\r\n")

describe("examples/phoneScores: savePhoneScores", () => {
  it.effect("saves one item a member, the highest score of its rows, and counts every refused row with its line and reason", () => {
    const world = worldOf(file)
    return Effect.gen(function* () {
      const result = yield* savePhoneScores(key)
      expect(result).toEqual({
        campaignId: "c7",
        input: { in: 10, valid: 3, invalid: 5, duplicate: 2 },
        dynamo: { out: 3, failed: 0 },
        errors: [
          { line: 2, reason: "duplicate" },
          { line: 5, reason: "phoneScore: expected a score from 0 to 1, got 1.5" },
          { line: 6, reason: "memberId: required, but empty" },
          { line: 7, reason: "duplicate" },
          { line: 9, reason: "phoneScore: expected a score from 0 to 1, got -0.1" },
          { line: 10, reason: 'phoneScore: expected a finite number, got "abc"' },
          { line: 11, reason: "expected 5 fields, found 3" }
        ]
      })
      const fan = { SK: "campaign:c7", campaignId: "c7", source: "fanlist" }
      expect(items(world)).toEqual([
        { ...fan, PK: "sid:m1", memberId: "m1", score: 0.9, isVerified: false },
        { ...fan, PK: "sid:m2", memberId: "m2", score: 0.7, isVerified: true },
        { ...fan, PK: "sid:m4", memberId: "m4", score: 0, isVerified: true }
      ])
      const dates = world.demandTable.allItems().map((item) => item.date as { created: string; updated: string })
      expect(dates.every((date) => date.created === date.updated)).toBe(true)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("writes nothing on a second run of the same file", () => {
    const world = worldOf(file)
    return Effect.gen(function* () {
      yield* savePhoneScores(key)
      const changes = world.demandTable.changes.length
      const again = yield* savePhoneScores(key)
      expect(again.dynamo).toEqual({ out: 3, failed: 0 })
      expect(world.demandTable.changes.length).toBe(changes)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("fails a header without phoneScore with UnreadableFile naming the file and line 1, and writes nothing", () => {
    const world = worldOf("memberId,phoneVerified\nm1,true\n")
    return Effect.gen(function* () {
      const error = yield* Effect.flip(savePhoneScores(key))
      expect(error).toMatchObject({ _tag: "UnreadableFile", file: key, line: 1, reason: "header lacks required column phoneScore" })
      expect(world.demandTable.allItems()).toEqual([])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("fails a key out of pattern with KeyPatternMismatch, and a missing object with ObjectNotFound", () => {
    const world = worldOf(file)
    return Effect.gen(function* () {
      const badKey = yield* Effect.flip(savePhoneScores("phonescores/c7.csv"))
      expect(badKey).toMatchObject({ _tag: "KeyPatternMismatch", key: "phonescores/c7.csv", pattern: "phonescores/<campaignId>/<timestamp>.csv" })
      const missing = yield* Effect.flip(savePhoneScores("phonescores/c7/other.csv"))
      expect(missing._tag).toBe("ObjectNotFound")
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("counts and keeps an upsert that fails, and saves the other members", () => {
    const world = worldOf("memberId,phoneScore\nm1,0.1\nm2,0.2\nm3,0.3\n")
    const table = DemandTable.of({
      ...world.demandTable.service,
      upsertFanScore: (item) =>
        item.PK === "sid:m2"
          ? Effect.fail(new DemandTableError({ table: "demand-table", operation: "UpdateItem", reason: "throttled" }))
          : world.demandTable.upsertFanScore(item)
    })
    return Effect.gen(function* () {
      const result = yield* savePhoneScores(key, { concurrency: 2 })
      expect(result.input).toEqual({ in: 3, valid: 3, invalid: 0, duplicate: 0 })
      expect(result.dynamo).toEqual({ out: 2, failed: 1 })
      expect(result.errors).toEqual([{ line: 3, reason: "not saved: demand-table: UpdateItem failed: throttled" }])
      expect(items(world).map((item) => item.PK)).toEqual(["sid:m1", "sid:m3"])
    }).pipe(Effect.provide(Layer.merge(world.layer, Layer.succeed(DemandTable, table))))
  })
})
