import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Logger, LogLevel, Stream } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { type ScrubbedFileOptions, scrubbedFile, scrubbedFileSummary, scrubbedKey } from "../../support/scrubbedFile.js"

/** Generated files (test/support/scrubbedFile.ts) through the worker, with awkward piece sizes. */

const concat = (pieces: ReadonlyArray<Uint8Array>) => {
  const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0))
  let at = 0
  for (const piece of pieces) {
    bytes.set(piece, at)
    at += piece.length
  }
  return bytes
}

const generate = (options: ScrubbedFileOptions) => Effect.map(Stream.runCollect(scrubbedFile(options)), Chunk.toArray)

const loadGenerated = (options: ScrubbedFileOptions) =>
  Effect.gen(function* () {
    const key = scrubbedKey(options.campaignId ?? "c1")
    const world = new MemoryWorld()
    world.bucket.objects.set(key, concat(yield* generate(options)))
    const result = yield* loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    return { result, world }
  })

describe("generated scrubbed files", () => {
  it.effect("are the same bytes for the same options, in pieces of the asked size", () =>
    Effect.gen(function* () {
      const options: ScrubbedFileOptions = { rows: 300, seed: 3, chunkBytes: 777, invalidEvery: 10 }
      const first = yield* generate(options)
      const again = yield* generate(options)
      expect(concat(again)).toEqual(concat(first))
      expect(first.slice(0, -1).every((piece) => piece.length === 777)).toBe(true)
      expect(concat(yield* generate({ ...options, seed: 4 }))).not.toEqual(concat(first))
    }))

  it.effect.each<[string, ScrubbedFileOptions]>([
    ["LF, rank from id", { rows: 3000, invalidEvery: 13 }],
    ["CRLF with a BOM, quoted line breaks, pieces of 1 KiB", { rows: 3000, invalidEvery: 11, multilineEvery: 7, lineEnd: "\r\n", bom: true, chunkBytes: 1024 }],
    ["a rank column, padding, odd pieces", { rows: 2000, rankColumn: true, padding: 300, invalidEvery: 5, chunkBytes: 4099, campaignId: "c42" }],
    ["one rank per fan, no invalid rows", { rows: 1500, maxRanks: 1 }]
  ])("count exactly what the summary says: %s", ([, options]) =>
    Effect.gen(function* () {
      const expected = scrubbedFileSummary(options)
      const { result, world } = yield* loadGenerated(options)
      expect(result).toMatchObject({
        in: options.rows,
        valid: expected.valid,
        invalid: expected.invalid,
        duplicate: 0,
        out: expected.fans,
        failed: 0
      })
      expect(result.errors.map((error) => error.line)).toEqual(expected.firstInvalid.map((invalid) => invalid.line))
      expect(world.scoresStream.fanEntries()).toHaveLength(expected.fans)
      if (options.maxRanks === 1) expect(expected.fans).toBe(options.rows)
    }))

  it.effect("make realistic records: quoted markets, multi-byte names, lower-cased emails, tags", () =>
    Effect.gen(function* () {
      const { world } = yield* loadGenerated({ rows: 500, chunkBytes: 333 })
      const records = world.scoresStream.records().map((record) => record.data as Record<string, unknown>)
      const markets = new Set(records.flatMap((record) => Object.values(record.events as Record<string, { market?: string }>).map((event) => event.market)))
      expect(markets).toContain("New York, NY")
      expect(markets).toContain("São Paulo")
      expect(records.some((record) => record.lastName === 'Lee "Lefty"')).toBe(true)
      expect(records.some((record) => record.firstName === "Sam, Jr.")).toBe(true)
      expect(records.filter((record) => "email" in record).every((record) => record.email === (record.email as string).trim().toLowerCase())).toBe(true)
      expect(records.some((record) => Array.isArray(record.tags) && (record.tags as Array<string>).includes("presale"))).toBe(true)
      expect(records.some((record) => Object.keys(record.events as object).length === 3)).toBe(true)
    }))
})
