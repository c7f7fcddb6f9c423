import { Clock, Effect } from "effect"
import { nextCorrelationId } from "../../services/CorrelationIds.js"
import { DemandTable } from "../../services/DemandTable.js"
import type { DemandTableError, QueueSendError } from "../../services/errors.js"
import { RunProgress } from "../../services/RunProgress.js"
import type { FanScoreItem } from "../../services/schemas/FanScoreItem.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { type FileQuality, qualityMessage } from "../quality/dataQuality.js"
import { fileRun } from "./fileRun.js"

/**
 * The report of a file loaded whole by one program (a fanlist-like load), made so that it
 * converges (SPEC §6): the reporter posts once every count-moving write of the file is
 * counted, however long the counter lags, and never on a timer alone. Three steps:
 * 1. `startFileReport` once per load: the file version's run (the same on every retry of
 *    the load, so that what a failed try wrote counts once) and this load's id;
 * 2. every fan item written with `upsertForReport` (stamped with the run), counting the
 *    writes that moved a count;
 * 3. once the whole file is written, `sendFileReport`: the file's writes recorded for the
 *    reporter (RunProgress), then the verdict message that names them.
 * A message without a run falls back to the settle rule of SPEC §6 before its amendments
 * (posting on counts that stood still): this module never sends one.
 */
export interface FileReport {
  readonly campaignId: string
  /** The file's key: the post names it. */
  readonly source: string
  /** The file version's run (fileRun): the stamp of every write. */
  readonly run: string
  /** This load of the run: the report waits for its mark `<loadId>/file`. */
  readonly loadId: string
}

/** What the load wrote: items held by the table (`count`), the writes that moved a count, and the file's data quality. */
export interface FileWritten {
  readonly count: number
  readonly moved: number
  readonly quality?: FileQuality
}

/** Step 1: the report of a load of `key` (its `version`, S3's version id or sequencer, makes every retry the same run). */
export const startFileReport = (campaignId: string, key: string, version?: string): Effect.Effect<FileReport, never, ScoringBucket> =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    const loadId = yield* nextCorrelationId
    return { campaignId, source: key, run: fileRun(`s3://${bucket.bucket}/${key}`, version), loadId }
  })

/**
 * Step 2: a fan item upserted stamped with the report's run; `record` names the write within
 * the file (`line:<n>`), so that a retry finds it made. Whether it moved a count.
 */
export const upsertForReport = (report: FileReport, item: FanScoreItem, record: string): Effect.Effect<boolean, DemandTableError, DemandTable> =>
  Effect.flatMap(DemandTable, (table) => Effect.map(table.upsertStamped(item, { run: report.run, record }), (done) => done.moves))

/**
 * Step 3: the whole file's writes recorded (the same on a retry: the report then knows what
 * to wait for), then one verdict message naming the run, the load and its one mark. Send it
 * when the load wrote any item.
 */
export const sendFileReport = (
  report: FileReport,
  written: FileWritten
): Effect.Effect<void, DemandTableError | QueueSendError, RunProgress | VerdictQueue> =>
  Effect.gen(function* () {
    const { campaignId, run, loadId, source } = report
    yield* (yield* RunProgress).recordFileWrites({ campaignId, run, loadId, moved: written.moved })
    const since = yield* Clock.currentTimeMillis
    const message = { campaignId, count: written.count, source, run, loadId, shards: 1, since, ...qualityMessage(written.quality ?? {}) }
    yield* (yield* VerdictQueue).send(message)
  })
