import { Effect, Stream } from "effect"
import {
  demandKeys,
  DemandTable,
  type FanScoreItem,
  KeyPatternMismatch,
  ScoringBucket,
  type ScoringFileError
} from "vf-scoring-workers"
import { countRows, csvRecords, decodeCsvRows, dedupeByKey, dropRefused, ErrorList, type LineError, type RowTally } from "vf-scoring-workers/stages"
import { PhoneScoreRow } from "./PhoneScoreRow.js"

export const phoneScoresKeyPattern = "phonescores/<campaignId>/<timestamp>.csv"

export interface PhoneScoresResult {
  readonly campaignId: string
  readonly input: { readonly in: number; readonly valid: number; readonly invalid: number; readonly duplicate: number }
  readonly dynamo: { readonly out: number; readonly failed: number }
  readonly errors: ReadonlyArray<LineError>
}

/** The campaign of a phone-score file from its key; a key out of pattern fails the file. */
export const parsePhoneScoresKey = (key: string): Effect.Effect<{ readonly campaignId: string }, KeyPatternMismatch> => {
  const match = /^phonescores\/([^/]+)\/[^/]+\.csv$/.exec(key)
  return match ? Effect.succeed({ campaignId: match[1]! }) : Effect.fail(new KeyPatternMismatch({ key, pattern: phoneScoresKeyPattern }))
}

/** The fan-score item of a member's phone score: `sid:<memberId>` / `campaign:<campaignId>`. */
export const phoneScoreItem = (campaignId: string, row: PhoneScoreRow): FanScoreItem => ({
  PK: demandKeys.member(row.memberId),
  SK: demandKeys.campaign(campaignId),
  campaignId,
  memberId: row.memberId,
  score: row.phoneScore,
  isVerified: row.phoneVerified ?? true,
  source: "fanlist"
})

/**
 * A phone-score file: rows decoded and refused, de-duplicated by memberId over the whole file
 * (higher phoneScore wins, the first on a tie), then each survivor upserted to the demand table,
 * `concurrency` at once. A file that cannot be read fails whole before anything is written;
 * an upsert that fails is counted, logged and kept in the errors.
 */
export const savePhoneScores = (
  key: string,
  options: { readonly concurrency?: number } = {}
): Effect.Effect<PhoneScoresResult, ScoringFileError, ScoringBucket | DemandTable> =>
  Effect.gen(function* () {
    const { campaignId } = yield* parsePhoneScoresKey(key)
    const bucket = yield* ScoringBucket
    const table = yield* DemandTable
    const tally: RowTally = { valid: 0, invalid: 0, duplicate: 0, errors: new ErrorList() }
    const { survivors, duplicates } = yield* csvRecords(key, bucket.readObject(key)).pipe(
      decodeCsvRows(key, PhoneScoreRow),
      dropRefused(tally),
      Stream.run(dedupeByKey((row: PhoneScoreRow) => row.memberId, (candidate, kept) => candidate.phoneScore > kept.phoneScore))
    )
    yield* countRows(tally, { valid: survivors.length, refused: duplicates })

    const dynamo = { out: 0, failed: 0 }
    yield* Effect.forEach(
      survivors,
      ({ line, row }) =>
        table.upsertFanScore(phoneScoreItem(campaignId, row)).pipe(
          Effect.matchEffect({
            onSuccess: () => Effect.sync(() => void dynamo.out++),
            onFailure: (error) => {
              dynamo.failed++
              tally.errors.add(line, `not saved: ${error.message}`)
              return Effect.logError(`line ${line}: not saved: ${error.message}`)
            }
          })
        ),
      { concurrency: options.concurrency ?? 16, discard: true }
    )
    const input = { in: tally.valid + tally.invalid + tally.duplicate, valid: tally.valid, invalid: tally.invalid, duplicate: tally.duplicate }
    yield* Effect.logInfo(`${input.in} rows, ${input.valid} members: ${dynamo.out} saved, ${dynamo.failed} failed`)
    return { campaignId, input, dynamo, errors: tally.errors.inLineOrder() }
  }).pipe(Effect.annotateLogs({ worker: "savePhoneScores", key }), Effect.withSpan("savePhoneScores"))
