import { Effect, Either, Stream } from "effect"
import type { ScoringFileError } from "../../services/errors.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { csvRecords } from "../csv/csvStream.js"
import type { LineError } from "../rows/errorList.js"
import type { InvalidRow } from "../rows/rowErrors.js"
import { type FanlistEntry, FanlistRowDecoder } from "./decodeFanlistRows.js"
import { FanlistDedupe } from "./FanlistDedupe.js"
import type { FanlistTally } from "./FanlistResult.js"

/**
 * Reads the whole fanlist into its de-duplication, chunk by chunk: invalid and
 * duplicate rows are counted and logged as they come. Nothing is written before the
 * file has been read to its end, so a file that cannot be read emits nothing.
 */
export const readFanlist = (key: string, tally: FanlistTally): Effect.Effect<FanlistDedupe, ScoringFileError, ScoringBucket> =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    const decoder = new FanlistRowDecoder(key)
    const dedupe = new FanlistDedupe()
    // Rows are sorted out synchronously; effects only for the rows dropped, to log them.
    const sortOut = (rows: ReadonlyArray<Either.Either<FanlistEntry, InvalidRow>>) => {
      const dropped: Array<LineError> = []
      for (const row of rows) {
        if (Either.isLeft(row)) {
          tally.invalid++
          dropped.push(row.left)
          continue
        }
        const line = dedupe.push(row.right)
        if (line === undefined) continue
        tally.duplicate++
        dropped.push({ line, reason: "duplicate" })
      }
      return Effect.forEach(
        dropped,
        ({ line, reason }) => {
          tally.errors.add(line, reason)
          tally.rejected.mark(line, reason)
          return Effect.logWarning(`line ${line}: ${reason}`)
        },
        { discard: true }
      )
    }
    yield* csvRecords(key, bucket.readObject(key)).pipe(Stream.runForEachChunk((records) => Effect.flatMap(decoder.decode(records), sortOut)))
    yield* decoder.finish()
    tally.valid = dedupe.size
    return dedupe
  })
