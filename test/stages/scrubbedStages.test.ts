import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Stream } from "effect"
import { csvBlocks, decodeScrubbedBlocks, type MergedBlock, mergeFans, type ScrubbedFile } from "vf-scoring-workers/stages"
import { csvBytes } from "../support/csvText.js"

/** The scrubbed stages alone, through the package's export map: blocks → decoded blocks → merged fans. */

const file: ScrubbedFile = { file: "scrubbed/t.csv", campaignId: "c1", meta: { correlation: "k", date: 0, source: "s3://b/scrubbed/t.csv" } }
const row = (globalUserId: string, rank: number, score: number | string) => ({ id: `${globalUserId}${rank}`, globalUserId, score, isVerified: true })

/** Fans g1 (three ranks), g2, then g1 again (not contiguous), with a bad score and a repeated rank. */
const bytes = csvBytes([row("g1", 0, 0.5), row("g1", 1, 0.6), row("g1", 2, 0.7), row("g2", 0, "x"), row("g2", 1, 0.2), row("g2", 1, 0.3), row("g1", 3, 0.1)])

/** The stages over the file cut in blocks of `blockBytes` (small: fans run across blocks). */
const merged = (blockBytes: number) =>
  csvBlocks(file.file, Stream.make(bytes), blockBytes).pipe(decodeScrubbedBlocks(file), mergeFans(file), Stream.runCollect, Effect.map(Chunk.toArray))

const recordsOf = (blocks: ReadonlyArray<MergedBlock>) =>
  blocks.flatMap((block) => block.records).map((record) => ({ key: record.partitionKey, line: record.meta, json: JSON.parse(new TextDecoder().decode(record.entry.data)) }))

describe("decodeScrubbedBlocks and mergeFans", () => {
  it.effect("combine a fan's contiguous rows into one record, refuse what breaks the rules, with file lines", () =>
    Effect.gen(function* () {
      const blocks = yield* merged(64 * 1024)
      const records = recordsOf(blocks)
      expect(records.map(({ key, line }) => [key, line])).toEqual([["g1", 2], ["g2", 6]])
      expect(Object.keys(records[0]!.json.events)).toEqual(["0", "1", "2"])
      expect(blocks.flatMap((block) => block.refused).map((r) => [r._tag, r.line, r.reason.split(":")[0]])).toEqual([
        ["InvalidRow", 5, "score"],
        ["DuplicateRow", 7, "duplicate"],
        ["InvalidRow", 8, "fan rows not contiguous"]
      ])
      expect(blocks.reduce((sum, block) => sum + block.valid, 0)).toBe(4)
    }))

  it.effect("give the same records and refusals whatever the block size (fans cut across blocks)", () =>
    Effect.gen(function* () {
      const whole = yield* merged(64 * 1024)
      for (const blockBytes of [16, 40, 100]) {
        const cut = yield* merged(blockBytes)
        expect(recordsOf(cut)).toEqual(recordsOf(whole))
        expect(cut.flatMap((b) => b.refused)).toEqual(whole.flatMap((b) => b.refused))
      }
    }))

  it.effect("own their state per run: the same stream run twice gives the same result", () =>
    Effect.gen(function* () {
      const stream = csvBlocks(file.file, Stream.make(bytes), 40).pipe(decodeScrubbedBlocks(file), mergeFans(file))
      const first = recordsOf(Chunk.toArray(yield* Stream.runCollect(stream)))
      const second = recordsOf(Chunk.toArray(yield* Stream.runCollect(stream)))
      expect(second).toEqual(first)
      expect(first).toHaveLength(2)
    }))

  it.effect("fail a file without header, or whose header lacks a required column, naming file and line", () =>
    Effect.gen(function* () {
      const run = (text: string) => Effect.either(Stream.runDrain(csvBlocks(file.file, Stream.make(new TextEncoder().encode(text))).pipe(decodeScrubbedBlocks(file))))
      const empty = yield* run("")
      expect(Either.isLeft(empty) && [empty.left._tag, empty.left.file, empty.left.line]).toEqual(["UnreadableFile", "scrubbed/t.csv", 1])
      const lacking = yield* run("id,globalUserId,isVerified\ng10,g1,true\n")
      expect(Either.isLeft(lacking) && lacking.left.message).toContain("score")
    }))
})
