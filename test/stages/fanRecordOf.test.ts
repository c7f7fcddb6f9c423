import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { batchRecords, csvBlocks, decodeScrubbedBlocks, fanRecordOf, mergeFans, type ScrubbedFile } from "vf-scoring-workers/stages"
import { csvBytes } from "../support/csvText.js"

/** mergeFans's records read as plain, typed fan records (fanRecordOf), before and after they are batched (encoded). */

const file: ScrubbedFile = { file: "scrubbed/t.csv", campaignId: "c1", meta: { correlation: "k", date: 7, source: "s3://b/scrubbed/t.csv" } }
const row = (globalUserId: string, rank: number, score: number) => ({ id: `${globalUserId}${rank}`, globalUserId, score, isVerified: true })
const bytes = csvBytes([row("g1", 1, 0.6), row("g1", 0, 0.5), row("g2", 0, 0.2)])

const records = csvBlocks(file.file, Stream.make(bytes)).pipe(
  decodeScrubbedBlocks(file),
  mergeFans(file),
  Stream.mapConcatChunk((merged) => Chunk.unsafeFromArray(merged.records))
)

describe("fanRecordOf", () => {
  it.effect("gives each merged fan's record, its fields typed, the record left to be sent", () =>
    Effect.gen(function* () {
      const fans = Chunk.toArray(yield* Stream.runCollect(records))
      const plain = fans.map(fanRecordOf)
      expect(plain.map(({ globalUserId, rank, score }) => ({ globalUserId, rank, score }))).toEqual([
        { globalUserId: "g1", rank: "0", score: 0.5 },
        { globalUserId: "g2", rank: "0", score: 0.2 }
      ])
      expect(Object.keys(plain[0]!.events)).toEqual(["0", "1"])
      expect(plain[0]!.__meta).toEqual({ correlation: "k", date: 7, source: "s3://b/scrubbed/t.csv" })
      expect(fans.map((fan) => fan.partitionKey)).toEqual(["g1", "g2"])
    }))

  it.effect("reads a record the same once it is encoded into its batch", () =>
    Effect.gen(function* () {
      const before = Chunk.toArray(yield* Stream.runCollect(records)).map(fanRecordOf)
      const batches = Chunk.toArray(yield* Stream.runCollect(records.pipe(batchRecords())))
      const after = batches.flat().map((record) => (expect(record.isEncoded).toBe(true), fanRecordOf(record)))
      expect(after).toEqual(before)
    }))
})
