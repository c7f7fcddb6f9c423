import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Schema, Stream } from "effect"
import { FiniteFromCsv, TrimmedNonEmpty } from "vf-scoring-workers"
import { csvRecords, decodeCsvRows, dedupeByKey, dropRefused, ErrorList, type RowTally } from "vf-scoring-workers/stages"

/** The row stages alone, through the export map: CSV bytes → records → rows and refusals → de-duplicated. */

const Row = Schema.Struct({ memberId: TrimmedNonEmpty, points: FiniteFromCsv, note: Schema.optional(Schema.String) })
const text = "memberId,points,extra\nm1,3,x\nm2,abc,y\n,4,z\nm1,5,w\nm3,1,v\nm1,5,u\n"
const rowsOf = (csv: string) => csvRecords("f.csv", Stream.make(new TextEncoder().encode(csv))).pipe(decodeCsvRows("f.csv", Row, { required: ["memberId", "points"] }))
const tally = (): RowTally => ({ valid: 0, invalid: 0, duplicate: 0, errors: new ErrorList() })

describe("decodeCsvRows", () => {
  it.effect("decodes each row with the schema into a row with its line, or a refusal naming the column", () =>
    Effect.gen(function* () {
      const rows = Chunk.toArray(yield* Stream.runCollect(rowsOf(text)))
      expect(rows.filter(Either.isRight).map((r) => [r.right.line, r.right.row.memberId, r.right.row.points])).toEqual([
        [2, "m1", 3],
        [5, "m1", 5],
        [6, "m3", 1],
        [7, "m1", 5]
      ])
      expect(rows.filter(Either.isLeft).map((r) => [r.left.line, r.left.reason.split(":")[0]])).toEqual([
        [3, "points"],
        [4, "memberId"]
      ])
    }))

  it.effect("fails the file when the header lacks a required column, or there is no header", () =>
    Effect.gen(function* () {
      const lacking = yield* Effect.either(Stream.runDrain(rowsOf("memberId,extra\nm1,x\n")))
      expect(Either.isLeft(lacking) && [lacking.left._tag, lacking.left.line, lacking.left.message]).toEqual(["UnreadableFile", 1, expect.stringContaining("points")])
      const empty = yield* Effect.either(Stream.runDrain(rowsOf("")))
      expect(Either.isLeft(empty) && empty.left.message).toContain("no header")
    }))
})

describe("dropRefused and dedupeByKey", () => {
  it.effect("count the refusals into the tally, and keep the best row of each key (the first on a tie)", () =>
    Effect.gen(function* () {
      const counted = tally()
      const { survivors, duplicates } = yield* rowsOf(text).pipe(
        dropRefused(counted),
        Stream.run(dedupeByKey((row) => row.memberId, (candidate, kept) => candidate.points > kept.points))
      )
      expect(survivors.map((s) => [s.line, s.row.memberId])).toEqual([[5, "m1"], [6, "m3"]])
      expect(duplicates.map((d) => d.line)).toEqual([2, 7])
      expect(counted).toMatchObject({ invalid: 2, duplicate: 0, valid: 0 })
      expect(counted.errors.inLineOrder().map((e) => e.line)).toEqual([3, 4])
    }))
})
