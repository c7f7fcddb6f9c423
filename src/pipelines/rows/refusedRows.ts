import { Chunk, Effect, Either, Sink, Stream } from "effect"
import type { LineRow } from "./decodeCsvRows.js"
import { DuplicateRow, type RejectedRow } from "./rowErrors.js"
import { countRows, type RowTally } from "./tallyRows.js"

/**
 * Stage: rows and refusals (decodeCsvRows) → the rows; each refusal counted into `tally`
 * as invalid or duplicate, kept in its errors and logged (countRows). Valid rows are
 * counted by whoever decides last that they are (after de-duplication, say).
 */
export const dropRefused =
  (tally: RowTally) =>
  <A, E, R>(rows: Stream.Stream<Either.Either<A, RejectedRow>, E, R>): Stream.Stream<A, E, R> =>
    Stream.mapChunksEffect(rows, (chunk) => {
      const kept: Array<A> = []
      const refused: Array<RejectedRow> = []
      for (const row of chunk) {
        if (Either.isRight(row)) kept.push(row.right)
        else refused.push(row.left)
      }
      return Effect.as(countRows(tally, { valid: 0, refused }), Chunk.unsafeFromArray(kept))
    })

/** A whole file's rows de-duplicated: the survivors in the order their keys first came, and the rows dropped. */
export interface Deduplicated<A> {
  readonly survivors: ReadonlyArray<LineRow<A>>
  readonly duplicates: ReadonlyArray<DuplicateRow>
}

/**
 * Sink: de-duplicates rows by `keyOf` over the whole stream: of the rows of one key, the
 * one `better` prefers stays (the first, on a tie); the others are DuplicateRows. Memory
 * follows distinct keys (for fanlists, FanlistDedupe keeps them in typed columns).
 */
export const dedupeByKey = <A>(keyOf: (row: A) => string, better: (candidate: A, kept: A) => boolean): Sink.Sink<Deduplicated<A>, LineRow<A>> =>
  Sink.suspend(() => {
    const kept = new Map<string, LineRow<A>>()
    const duplicates: Array<DuplicateRow> = []
    const take = (row: LineRow<A>) => {
      const key = keyOf(row.row)
      const held = kept.get(key)
      if (held === undefined) return void kept.set(key, row)
      const dropped = better(row.row, held.row) ? (kept.set(key, row), held) : row
      duplicates.push(new DuplicateRow({ line: dropped.line, reason: "duplicate" }))
    }
    return Sink.map(
      Sink.forEachChunk((rows: Chunk.Chunk<LineRow<A>>) => Effect.sync(() => Chunk.forEach(rows, take))),
      () => ({ survivors: [...kept.values()], duplicates: duplicates.sort((a, b) => a.line - b.line) })
    )
  })
