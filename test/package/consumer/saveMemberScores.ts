import { Effect, Schema, Stream } from "effect"
import {
  BooleanFromCsv, countRows, demandKeys, type FanScoreItem, FiniteFromCsv, fileQuality, maxInvalidShare, optional,
  rowTallyWithRejects, schemaInvalidReasons, ScoringBucket, sendFileReport, startFileReport, TrimmedNonEmpty, upsertForReport
} from "vf-scoring-workers"
import { csvRecords, decodeCsvRows, dedupeByKey, dropRefused } from "vf-scoring-workers/stages"

/** One row of a member-score file, `memberscores/<campaignId>/<timestamp>.csv`. */
export const MemberScoreRow = Schema.Struct({
  memberId: TrimmedNonEmpty,
  score: FiniteFromCsv.pipe(Schema.filter((score) => (score >= 0 && score <= 1) || `expected a score from 0 to 1, got ${score}`)),
  verified: optional(BooleanFromCsv)
})

/** A new pipeline from public exports only: rows decoded, refused rows to the rejects file, one item a member, a report that converges. */
export const saveMemberScores = (key: string) =>
  Effect.gen(function* () {
    const campaignId = key.split("/")[1]!
    const bucket = yield* ScoringBucket
    const tally = rowTallyWithRejects()
    const report = yield* startFileReport(campaignId, key)
    const { survivors, duplicates } = yield* csvRecords(key, bucket.readObject(key)).pipe(
      decodeCsvRows(key, MemberScoreRow),
      dropRefused(tally),
      Stream.run(dedupeByKey((row) => row.memberId, (candidate, kept) => candidate.score > kept.score))
    )
    yield* countRows(tally, { valid: survivors.length, refused: duplicates })
    let moved = 0
    const save = ({ line, row }: (typeof survivors)[number]) => {
      const item: FanScoreItem = {
        PK: demandKeys.member(row.memberId), SK: demandKeys.campaign(campaignId), campaignId,
        memberId: row.memberId, score: row.score, isVerified: row.verified ?? true, source: "fanlist"
      }
      return Effect.map(upsertForReport(report, item, `line:${line}`), (moves) => void (moves && moved++))
    }
    yield* Effect.forEach(survivors, save, { concurrency: 8, discard: true })
    const rows = tally.valid + tally.invalid + tally.duplicate
    const refused = { key, rejected: tally.rejected, errors: tally.errors, reasons: schemaInvalidReasons(key, MemberScoreRow) }
    const quality = yield* fileQuality(refused, { invalid: tally.invalid, rows }, yield* maxInvalidShare)
    if (survivors.length > 0) yield* sendFileReport(report, { count: survivors.length, moved, quality })
    return { campaignId, rows, valid: tally.valid, invalid: tally.invalid, duplicate: tally.duplicate, moved, ...quality }
  })
