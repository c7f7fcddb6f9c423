import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import type { LineError } from "../../../src/pipelines/rows/errorList.js"
import { rejectsKey } from "../../../src/pipelines/quality/rejectsFile.js"
import { scrubbedKey } from "../../support/scrubbedFile.js"

/** SPEC §12 through both loaders, in memory: every refused row in the rejects file, and the warning above 5% invalid. */

const scrubbed = scrubbedKey("c1")
const fanlist = "fanlist/scored/c1/20261201T1000.csv"

const quietly = Logger.withMinimumLogLevel(LogLevel.None)
const worldWith = (key: string, lines: ReadonlyArray<string>) => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new TextEncoder().encode(`${lines.join("\n")}\n`))
  return world
}
const objectText = (world: MemoryWorld, key: string) => {
  const bytes = world.bucket.objects.get(key)
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes)
}
const quoted = (field: string) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)
/** The rejects file expected: the header, then each refused row's line, the load's own reason and the row as it was. */
const expectedRejects = (header: string, lines: ReadonlyArray<string>, errors: ReadonlyArray<LineError>) =>
  [`line,reason,${header}`, ...errors.map(({ line, reason }) => `${line},${quoted(reason)},${lines[line - 1]}`), ""].join("\n")

const scrubbedHeader = "globalUserId,rank,score,isVerified,note"
const validFans = (from: number, n: number) => Array.from({ length: n }, (_, i) => `g${from + i},0,0.${i % 9},true,ok`)

describe("loadScoresToStream's refused rows", () => {
  const lines = [
    scrubbedHeader,
    "g1,0,0.5,true,first",
    "g1,1,0.6,true,second",
    "g1,1,0.7,true,same rank", // duplicate
    "g2,0,abc,true,bad score", // invalid
    "g3,0,0.5,maybe,bad flag", // invalid
    "g4,0,0.5,true", // invalid: 4 fields
    ...validFans(5, 1),
    "g1,2,0.5,true,late", // invalid: fan rows not contiguous
    ...validFans(6, 11)
  ]

  it.effect("writes every one to rejects/<key>.csv and warns when the invalid rows exceed 5%", () =>
    Effect.gen(function* () {
      const world = worldWith(scrubbed, lines)
      const result = yield* loadScoresToStream(scrubbed).pipe(Effect.provide(world.layer), quietly)
      expect(result).toMatchObject({ in: 19, invalid: 4, duplicate: 1 })
      expect(result.errors.map((error) => error.line)).toEqual([4, 5, 6, 7, 9])
      expect(result.errors.find((error) => error.line === 9)?.reason).toBe("fan rows not contiguous")
      expect(objectText(world, rejectsKey(scrubbed))).toBe(expectedRejects(scrubbedHeader, lines, result.errors))
      expect(result.rejects).toEqual({ key: rejectsKey(scrubbed), rows: 5 })
      expect(result.quality).toMatchObject({ invalid: 4, rows: 19, share: 4 / 19, maxInvalid: 0.05, rejects: rejectsKey(scrubbed) })
      expect(result.quality?.reasons).toHaveLength(3)
      expect(result.quality?.reasons.map((reason) => reason.count)).toEqual([1, 1, 1])
      const [message] = world.verdictQueue.sent.map((sent) => sent.body)
      expect(message).toMatchObject({ rejects: rejectsKey(scrubbed), quality: result.quality })
    }))

  it.effect("under 5% writes the rejects file and no warning", () =>
    Effect.gen(function* () {
      const world = worldWith(scrubbed, [scrubbedHeader, "g0,0,abc,true,bad", ...validFans(1, 40)])
      const result = yield* loadScoresToStream(scrubbed).pipe(Effect.provide(world.layer), quietly)
      expect(result).toMatchObject({ in: 41, invalid: 1, rejects: { key: rejectsKey(scrubbed), rows: 1 } })
      expect(result.quality).toBeUndefined()
      expect(objectText(world, rejectsKey(scrubbed))?.split("\n")[1]).toMatch(/^2,"?score: .*,g0,0,abc,true,bad$/)
      const [message] = world.verdictQueue.sent.map((sent) => sent.body)
      expect(message).toMatchObject({ rejects: rejectsKey(scrubbed) })
      expect(message).not.toHaveProperty("quality")
    }))

  it.effect("follows DATA_QUALITY_MAX_INVALID, and writes nothing for a file with no refused row", () =>
    Effect.gen(function* () {
      const world = worldWith(scrubbed, [scrubbedHeader, "g0,0,abc,true,bad", ...validFans(1, 40)])
      const strict = yield* loadScoresToStream(scrubbed, { maxInvalidShare: 0.01 }).pipe(Effect.provide(world.layer), quietly)
      expect(strict.quality).toMatchObject({ invalid: 1, rows: 41, maxInvalid: 0.01 })
      const clean = worldWith(scrubbed, [scrubbedHeader, ...validFans(1, 10)])
      const result = yield* loadScoresToStream(scrubbed).pipe(Effect.provide(clean.layer), quietly)
      expect(result).not.toHaveProperty("rejects")
      expect(clean.bucket.objects.has(rejectsKey(scrubbed))).toBe(false)
    }))

  it.effect("words the reasons past the first 100 errors again from the rows, as the load worded them", () =>
    Effect.gen(function* () {
      const kinds = ["abc,true", "0.5,maybe", "Infinity,true"]
      const bad = Array.from({ length: 150 }, (_, i) => `b${i},0,${kinds[i % 3]},bad`)
      const world = worldWith(scrubbed, [scrubbedHeader, ...bad, ...validFans(1, 5)])
      const result = yield* loadScoresToStream(scrubbed).pipe(Effect.provide(world.layer), quietly)
      expect(result.errors).toHaveLength(100)
      const rows = objectText(world, rejectsKey(scrubbed))!.trimEnd().split("\n").slice(1)
      expect(rows).toHaveLength(150)
      const reasonOf = (row: string) => row.slice(row.indexOf(",") + 1, row.indexOf(",b"))
      rows.forEach((row, i) => {
        expect(row.startsWith(`${i + 2},`)).toBe(true)
        expect(reasonOf(row)).toBe(reasonOf(rows[i % 3]!)) // the first three: the load's own words
      })
      expect(new Set(rows.map(reasonOf)).size).toBe(3)
      // "abc" and "Infinity" are one kind: a score that is not a finite number.
      expect(result.quality?.reasons.map((reason) => reason.count)).toEqual([100, 50])
    }))

  it.effect("reads DATA_QUALITY_MAX_INVALID, and fails a file before writing anything when it is not a share", () =>
    Effect.gen(function* () {
      const lines = [scrubbedHeader, "g0,0,abc,true,bad", ...validFans(1, 9)]
      const setTo = (value: string) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DATA_QUALITY_MAX_INVALID", value]])))
      const lenient = worldWith(scrubbed, lines)
      const result = yield* loadScoresToStream(scrubbed).pipe(Effect.provide(lenient.layer), setTo("0.5"), quietly)
      expect(result).toMatchObject({ invalid: 1, in: 10, rejects: { rows: 1 } })
      expect(result.quality).toBeUndefined()
      const wrong = worldWith(scrubbed, lines)
      const failed = yield* Effect.flip(loadScoresToStream(scrubbed).pipe(Effect.provide(wrong.layer), setTo("5%"), quietly))
      expect(failed.message).toContain("DATA_QUALITY_MAX_INVALID")
      expect(wrong.scoresStream.records()).toEqual([])
      expect([...wrong.bucket.objects.keys()]).toEqual([scrubbed])
    }))

  it.effect("a file that fails whole writes none", () =>
    Effect.gen(function* () {
      const world = worldWith(scrubbed, ["globalUserId,rank,isVerified", "g1,0,true", "g2,x,true"])
      const failed = yield* Effect.flip(loadScoresToStream(scrubbed).pipe(Effect.provide(world.layer), quietly))
      expect(failed.message).toContain("score")
      expect([...world.bucket.objects.keys()]).toEqual([scrubbed])
    }))
})

describe("saveFanlistScores's refused rows", () => {
  const header = "globalUserId,memberId,email,score,isVerified,note"
  const lines = [
    header,
    "g1,,,0.5,,beaten later", // duplicate: a later row of g1 scores higher
    ",m2,,0.4,,",
    ",,not-an-email,0.3,,bad email", // invalid
    "g1,,,0.9,,wins",
    ",,,0.2,,no id", // invalid
    ",m2,,0.1,,lower", // duplicate
    ...Array.from({ length: 10 }, (_, i) => `g${10 + i},,,0.${i},,`)
  ]

  it.effect("writes every one in line order, the earlier row a later one beat included, and warns above 5%", () =>
    Effect.gen(function* () {
      const world = worldWith(fanlist, lines)
      const result = yield* saveFanlistScores(fanlist).pipe(Effect.provide(world.layer), quietly)
      expect(result.input).toEqual({ in: 16, invalid: 2, duplicate: 2, valid: 12 })
      expect(result.errors.map((error) => error.line)).toEqual([2, 4, 6, 7])
      expect(objectText(world, rejectsKey(fanlist))).toBe(expectedRejects(header, lines, result.errors))
      expect(result.rejects).toEqual({ key: rejectsKey(fanlist), rows: 4 })
      expect(result.quality).toMatchObject({ invalid: 2, rows: 16, share: 2 / 16, rejects: rejectsKey(fanlist) })
      const [message] = world.verdictQueue.sent.map((sent) => sent.body)
      expect(message).toMatchObject({ rejects: rejectsKey(fanlist), quality: result.quality })
    }))
})
