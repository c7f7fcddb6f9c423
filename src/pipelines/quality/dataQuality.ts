import { Config, Effect } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import { type DataQualityWarning, qualitySummary, type RejectsFile } from "../../services/schemas/DataQuality.js"
import type { ScoringBucket } from "../../services/ScoringBucket.js"
import { setting } from "../../services/Settings.js"
import type { ErrorList } from "../rows/errorList.js"
import type { RejectedLines } from "./RejectedLines.js"
import { type InvalidReasons, rejectsKey, writeRejectsFile } from "./rejectsFile.js"
import { settingNames } from "../../services/settingNames.js"

export type { DataQualityWarning, RejectsFile } from "../../services/schemas/DataQuality.js"

/** DATA_QUALITY_MAX_INVALID (SPEC §12): the share of invalid rows above which a file is warned about (default 0.05). */
export const maxInvalidShare: Effect.Effect<number, MissingSetting> = setting(
  settingNames.dataQualityMaxInvalid,
  Config.number(settingNames.dataQualityMaxInvalid).pipe(
    Config.validate({ message: "a share from 0 to 1, such as 0.05", validation: (share) => share >= 0 && share <= 1 }),
    Config.withDefault(0.05)
  )
)

/** The share of a file's rows that were invalid (0 for a file of no rows). */
export const invalidShare = (invalid: number, rows: number) => (rows === 0 ? 0 : invalid / rows)

/** The warning of a file whose invalid rows exceed `maxInvalid` of its rows, with its three most frequent reasons. */
export const qualityWarning = (
  invalid: number,
  rows: number,
  rejected: RejectedLines,
  maxInvalid: number,
  rejects: string | undefined
): DataQualityWarning | undefined => {
  const share = invalidShare(invalid, rows)
  if (share <= maxInvalid) return undefined
  return { invalid, rows, share, maxInvalid, reasons: rejected.topReasons(3), ...(rejects === undefined ? {} : { rejects }) }
}

/** What a result says of its refused rows: the rejects file, and the warning. */
export interface FileQuality {
  readonly rejects?: RejectsFile
  readonly quality?: DataQualityWarning
}

/** The verdict message's fields of a file's quality: the rejects file's key (when written), the warning. */
export const qualityMessage = ({ rejects, quality }: FileQuality) => ({
  ...(rejects === undefined || rejects.failed !== undefined ? {} : { rejects: rejects.key }),
  ...(quality === undefined ? {} : { quality })
})

/** What a load knows of its refused rows once its fate is known. */
export interface RefusedRows {
  readonly key: string
  readonly rejected: RejectedLines
  readonly errors: ErrorList
  readonly reasons: InvalidReasons
}

/**
 * The rejects file of a loaded file (writeRejectsFile), when it refused any row. Never
 * fails: a rejects file that cannot be written is logged, and the result says why, for the
 * load itself stands.
 */
export const rejectsOf = ({ key, rejected, errors, reasons }: RefusedRows): Effect.Effect<RejectsFile | undefined, never, ScoringBucket> =>
  rejected.size === 0
    ? Effect.succeed(undefined)
    : writeRejectsFile(key, rejected, errors, reasons).pipe(
        Effect.tap(({ rows }) => Effect.logInfo(`${rows} refused rows written to ${rejectsKey(key)}`)),
        Effect.catchAll((error) =>
          Effect.as(Effect.logError(`rejects file not written: ${error.message}`), { key: rejectsKey(key), rows: 0, failed: error.message })
        )
      )

/**
 * Once a file's fate is known: its rejects file (rejectsOf) and its warning (qualityWarning,
 * logged). Never fails.
 */
export const fileQuality = (
  refused: RefusedRows,
  counts: { readonly invalid: number; readonly rows: number },
  maxInvalid: number
): Effect.Effect<FileQuality, never, ScoringBucket> =>
  Effect.gen(function* () {
    const rejects = yield* rejectsOf(refused)
    const written = rejects === undefined || rejects.failed !== undefined ? undefined : rejects.key
    const quality = qualityWarning(counts.invalid, counts.rows, refused.rejected, maxInvalid, written)
    if (quality !== undefined) yield* Effect.logWarning(`data quality: ${qualitySummary(quality)}`)
    return { ...(rejects === undefined ? {} : { rejects }), ...(quality === undefined ? {} : { quality }) }
  })
