import { Schema } from "effect"

const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/** A file's rejects file (SPEC §12): its key in the scoring bucket and the rows it holds; `failed` when it could not be written. */
export const RejectsFile = Schema.Struct({
  key: Schema.String,
  rows: Count,
  failed: Schema.optionalWith(Schema.String, { exact: true })
})
export type RejectsFile = typeof RejectsFile.Type

/** One kind of invalid row and how many rows it refused. */
export const ReasonCount = Schema.Struct({ reason: Schema.String, count: Count })

/**
 * The data-quality warning of a file whose invalid rows exceed DATA_QUALITY_MAX_INVALID of
 * its rows: the share, the three most frequent reasons, and the rejects file when written.
 */
export const DataQualityWarning = Schema.Struct({
  invalid: Count,
  rows: Count,
  share: Schema.Number,
  maxInvalid: Schema.Number,
  reasons: Schema.Array(ReasonCount),
  rejects: Schema.optionalWith(Schema.String, { exact: true })
})
export type DataQualityWarning = typeof DataQualityWarning.Type

const percent = (share: number) => `${(share * 100).toFixed(1)}%`

/**
 * The warning in one line, as Slack, the logs and the runner's report give it:
 * `12.0% of rows invalid (1,200 of 10,000; above 5.0%): score: expected a finite number (800), unranked (400)`.
 */
export const qualitySummary = (warning: DataQualityWarning): string => {
  const n = (count: number) => count.toLocaleString("en-US")
  const reasons = warning.reasons.map(({ reason, count }) => `${reason} (${n(count)})`).join(", ")
  return `${percent(warning.share)} of rows invalid (${n(warning.invalid)} of ${n(warning.rows)}; above ${percent(warning.maxInvalid)})${reasons === "" ? "" : `: ${reasons}`}`
}
