import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import fc from "fast-check"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { inThreadBlockDecoder, ScrubbedBlockDecoder } from "../../../src/pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
import { csvText, type RowValues, scrubbedFileSummary, scrubbedFileText, scrubbedKey } from "../../support/scrubbedFile.js"

/**
 * A file is cut into blocks of whole records, decoded apart and merged in file order: the
 * result and the records must not depend on where the cuts fall, nor on how many blocks
 * are decoded at once.
 */

const key = scrubbedKey("c1")
const columns = ["id", "rank", "globalUserId", "score", "isVerified", "firstName"]

/** Blocks of about `blockBytes`, `concurrency` decoded at once (in this thread, each after a yield: completions interleave). */
const blocksOf = (blockBytes: number, concurrency: number) =>
  Layer.succeed(ScrubbedBlockDecoder, {
    concurrency,
    blockBytes,
    decode: (job) => Effect.zipRight(Effect.yieldNow(), inThreadBlockDecoder.decode(job))
  })

/** The run of a file: its result and the records on the stream (partition key and text), in order. */
const run = (csv: string, decoder?: Layer.Layer<ScrubbedBlockDecoder>) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const load = loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    const result = yield* decoder === undefined ? load : Effect.provide(load, decoder)
    const decoded = new TextDecoder()
    const records = world.scoresStream.fanEntries().map((entry) => `${entry.partitionKey} ${decoded.decode(entry.data)}`)
    return { result, records }
  })

/** What the records say apart from their run's own meta (correlation id and time differ per run). */
const withoutMeta = (records: ReadonlyArray<string>) => records.map((record) => record.replace(/"__meta":\{[^}]*\}/, ""))

const names = ["Ann", 'Lee "Lefty"', "Sam, Jr.", "two\nlines", "Zoë", ""]

/** Rows of up to 6 fans, ranks 0–2, some invalid, some names quoted or over two lines: fans return, repeat ranks, span cuts. */
const files = fc
  .array(fc.record({ fan: fc.nat(5), rank: fc.nat(2), bad: fc.nat(5).map((n) => n === 0), name: fc.constantFrom(...names) }), { maxLength: 60 })
  .map((rows) =>
    csvText(
      rows.map(({ fan, rank, bad, name }): RowValues => ({ id: `g${fan}${rank}`, rank, globalUserId: `g${fan}`, score: bad ? "NaN" : "0.5", isVerified: "true", firstName: name })),
      { columns }
    )
  )

describe("loadScoresToStream in blocks", () => {
  it("gives the same result and records wherever the blocks are cut, however many are decoded at once (property)", async () => {
    await fc.assert(
      fc.asyncProperty(files, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 4 }), async (csv, blockBytes, concurrency) => {
        const whole = await Effect.runPromise(run(csv))
        const cut = await Effect.runPromise(run(csv, blocksOf(blockBytes, concurrency)))
        expect(cut.result).toEqual(whole.result)
        expect(withoutMeta(cut.records)).toEqual(withoutMeta(whole.records))
      }),
      { numRuns: 150 }
    )
  })

  it.effect("counts a generated file as its plan says, in blocks of 2 KiB (BOM, CRLF, quoted line breaks, invalid rows)", () =>
    Effect.gen(function* () {
      const options = { rows: 3000, seed: 11, invalidEvery: 7, multilineEvery: 13, lineEnd: "\r\n", bom: true } as const
      const summary = scrubbedFileSummary(options)
      const csv = scrubbedFileText(options)
      const { result, records } = yield* run(csv, blocksOf(2048, 3))
      expect(result).toMatchObject({ in: summary.rows, valid: summary.valid, invalid: summary.invalid, duplicate: 0, out: summary.fans })
      expect(result.errors.map((error) => error.line)).toEqual(summary.firstInvalid.map((invalid) => invalid.line))
      expect(withoutMeta(records)).toEqual(withoutMeta((yield* run(csv)).records))
    }))

  it.effect("refuses the header's errors and an empty file as before, whatever the block size", () =>
    Effect.gen(function* () {
      const noRank = yield* Effect.flip(run("globalUserId,score,isVerified\ng1,0.5,true\n", blocksOf(8, 2)))
      expect(noRank).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: expect.stringContaining("rank") })
      const blank = yield* Effect.flip(run("\n\n", blocksOf(1, 2)))
      expect(blank).toMatchObject({ _tag: "UnreadableFile", reason: "empty file: no header row" })
    }))
})
