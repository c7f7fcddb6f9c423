import { Clock, Effect } from "effect"
import type { DemandTable } from "../../services/DemandTable.js"
import { type DemandTableError, FansNotSaved, type MissingSetting, type QueueSendError, type ScoringFileError } from "../../services/errors.js"
import type { RunProgress } from "../../services/RunProgress.js"
import { fileQuality, maxInvalidShare } from "../quality/dataQuality.js"
import { sendFileReport } from "../run/fileReport.js"
import { fileRun } from "../run/fileRun.js"
import type { CampaignDataStream } from "../../services/RecordStream.js"
import { nextCorrelationId } from "../../services/CorrelationIds.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import type { VerdictQueue } from "../../services/VerdictQueue.js"
import { type FanlistCheckpoint, type FanlistResult, FanlistTally } from "./FanlistResult.js"
import { fanlistInvalidReasons } from "./decodeFanlistRows.js"
import { parseFanlistKey } from "./fanlistKey.js"
import { readFanlist } from "./readFanlist.js"
import { saveFans, type SaveFansOptions } from "./saveFans.js"

export interface FanlistOptions extends SaveFansOptions {
  /** The version of the object (S3's sequencer or version id): every retry of the load is then the same run. */
  readonly version?: string
  /** The share of invalid rows above which the file is warned about (default: DATA_QUALITY_MAX_INVALID). */
  readonly maxInvalidShare?: number
  /** Go on from a checkpoint of an earlier invocation of this load (a continuation). */
  readonly resume?: FanlistCheckpoint
}

export type FanlistServices = ScoringBucket | DemandTable | CampaignDataStream | VerdictQueue | RunProgress

/**
 * The fanlist flow (SPEC §3.2): rows de-duplicated over the whole file, the survivors
 * upserted to the demand table in descending score order, the items the table holds
 * put to the campaign data stream, then one verdict-queue message when any is held.
 * A file that cannot be read fails whole before anything is written. A fan the table does
 * not take after every retry fails the load once the other fans are done (FansNotSaved):
 * S3 runs it again, the same run, and its stamps make what the first try wrote count once.
 */
export const saveFanlistScores = (
  key: string,
  options: FanlistOptions = {}
): Effect.Effect<FanlistResult, ScoringFileError | QueueSendError | DemandTableError | FansNotSaved | MissingSetting, FanlistServices> =>
  Effect.gen(function* () {
    const { campaignId } = yield* parseFanlistKey(key)
    const bucket = yield* ScoringBucket
    const resume = options.resume
    const correlation = resume?.correlation ?? (yield* nextCorrelationId)
    const source = `s3://${bucket.bucket}/${key}`
    const run = fileRun(source, options.version)
    const meta = { correlation, date: resume?.date ?? (yield* Clock.currentTimeMillis), source, run }
    const tally = new FanlistTally(campaignId)
    const maxInvalid = options.maxInvalidShare ?? (yield* maxInvalidShare)

    const load = Effect.gen(function* () {
      const fans = yield* readFanlist(key, tally)
      const readErrors = tally.errors.kept.length
      if (resume !== undefined) tally.resumeFrom(resume)
      const saved = yield* saveFans(campaignId, fans.survivors(), meta, tally, options, resume?.groupsDone ?? 0)
      // Fans not saved fail the load (or this invocation of it) before it goes on or reports: run again, it saves them.
      if (saved.notSaved.length > 0) {
        const lines = saved.notSaved.slice(0, 10).map(({ line }) => line)
        return yield* new FansNotSaved({ campaignId, count: saved.notSaved.length, lines, reason: saved.notSaved[0]!.reason })
      }
      if (saved.stopped) {
        const invocations = (resume?.invocations ?? 1) + 1
        const continues = tally.checkpoint(saved.groupsDone, readErrors, { correlation, date: meta.date, invocations })
        yield* Effect.logInfo(`near the invocation's end after ${saved.groupsDone} groups of fans: the load goes on in invocation ${invocations}`)
        return { ...tally.result(), continues }
      }
      const { input } = tally.result()
      const refused = { key, rejected: tally.rejected, errors: tally.errors, reasons: fanlistInvalidReasons(key) }
      tally.quality = yield* fileQuality(refused, { invalid: input.invalid, rows: input.in }, maxInvalid)
      const result = tally.result()
      if (result.dynamo.out > 0) {
        const report = { campaignId, source: key, run, loadId: correlation }
        yield* sendFileReport(report, { count: result.dynamo.out, moved: tally.moved, quality: tally.quality })
      }
      yield* Effect.logInfo(
        `${result.input.in} rows, ${result.input.valid} fans: ${result.dynamo.out} saved, ${result.stream.out} on the campaign data stream`
      )
      return result
    })
    return yield* load.pipe(Effect.annotateLogs({ campaignId, correlationId: correlation }))
  }).pipe(Effect.annotateLogs({ worker: "saveFanlistScores", key }), Effect.withSpan("saveFanlistScores"))
