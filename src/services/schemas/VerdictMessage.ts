import { Schema } from "effect"
import { DataQualityWarning } from "./DataQuality.js"

const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/** A request to report a campaign's counts once they settle (SPEC §6). */
export const VerdictMessage = Schema.Struct({
  campaignId: Schema.String.pipe(Schema.minLength(1)),
  count: Count,
  lastSeen: Schema.optionalWith(Count, { exact: true }),
  attempt: Schema.optionalWith(Count, { exact: true }),
  source: Schema.optionalWith(Schema.String, { exact: true }),
  /** The run (file version) whose changes the report waits for; without it, the settle rule of SPEC §6 before 2026-12-02. */
  run: Schema.optionalWith(Schema.String, { exact: true }),
  /** The load of the run that sent the message, and how many shards it marked (end-of-file marks). */
  loadId: Schema.optionalWith(Schema.String, { exact: true }),
  shards: Schema.optionalWith(Count, { exact: true }),
  /** When the first message of this report was sent (epoch ms): how long it has waited. */
  since: Schema.optionalWith(Count, { exact: true }),
  /** The file's rejects file (SPEC §12), and its data-quality warning, for the report to name. */
  rejects: Schema.optionalWith(Schema.String, { exact: true }),
  quality: Schema.optionalWith(DataQualityWarning, { exact: true })
})
export type VerdictMessage = typeof VerdictMessage.Type
