import { Chunk, Effect, Stream } from "effect"
import { ScoringBucket } from "vf-scoring-workers"
import { csvBlocks, decodeScrubbedBlocks, ErrorList, mergeFans, type RowTally, tallyRows } from "vf-scoring-workers/stages"

/**
 * The README's composition example: the stages of the scrubbed loader, without its
 * sinks, count the fans of a scrubbed file and their rows (nothing is written anywhere).
 */
export const countFans = (key: string, campaignId: string) =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    const file = { file: key, campaignId, meta: { correlation: "count", date: 0, source: `s3://${bucket.bucket}/${key}` } }
    const rows: RowTally = { valid: 0, invalid: 0, duplicate: 0, errors: new ErrorList() }
    const fans = yield* csvBlocks(key, bucket.readObject(key)).pipe(
      decodeScrubbedBlocks(file),
      mergeFans(file),
      tallyRows(rows),
      Stream.mapConcatChunk((merged) => Chunk.unsafeFromArray(merged.records)),
      Stream.runCount
    )
    return { fans, valid: rows.valid, invalid: rows.invalid, duplicate: rows.duplicate }
  })
