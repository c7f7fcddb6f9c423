import { Effect } from "effect"
import { WorkerMetrics, countsOf } from "../layers/observability/WorkerMetrics.js"
import type { DemandTable } from "../services/DemandTable.js"
import type { CampaignDataStream, ScoresStream } from "../services/RecordStream.js"
import type { ScoringBucket } from "../services/ScoringBucket.js"
import type { VerdictQueue } from "../services/VerdictQueue.js"
import type { LoadScoresResult } from "./loadScoresToStream/LoadScoresResult.js"
import { loadScoresToStream } from "./loadScoresToStream/loadScoresToStream.js"
import type { FanlistResult } from "./saveFanlistScores/FanlistResult.js"
import { saveFanlistScores } from "./saveFanlistScores/saveFanlistScores.js"

/** What became of one object of the scoring bucket. */
export type FileOutcome =
  | { readonly key: string; readonly worker: "loadScoresToStream"; readonly result: LoadScoresResult }
  | { readonly key: string; readonly worker: "saveFanlistScores"; readonly result: FanlistResult }
  | { readonly key: string; readonly worker: string; readonly error: string }
  | { readonly key: string; readonly worker: "none"; readonly skipped: string }

export type ScoringFileServices = ScoringBucket | ScoresStream | CampaignDataStream | DemandTable | VerdictQueue | WorkerMetrics

const publish = <A extends object>(worker: string, result: A) =>
  Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(worker, countsOf(result)))

const failed = (key: string, worker: string) => (error: { readonly message: string }) =>
  Effect.as(
    Effect.logError(`${key}: ${error.message}`).pipe(Effect.annotateLogs({ worker, key })),
    { key, worker, error: error.message } as FileOutcome
  )

const skipped = (key: string, reason: string) =>
  Effect.as(Effect.logWarning(`${key}: skipped: ${reason}`), { key, worker: "none", skipped: reason } as FileOutcome)

/**
 * Routes an object of the scoring bucket to its worker by prefix and runs it. A file
 * that fails is logged and given back as an outcome with its error; it never stops
 * the files after it.
 */
export const processScoringFile = (key: string): Effect.Effect<FileOutcome, never, ScoringFileServices> => {
  if (key.startsWith("scrubbed/")) {
    return loadScoresToStream(key).pipe(
      Effect.tap((result) => publish("loadScoresToStream", result)),
      Effect.map((result): FileOutcome => ({ key, worker: "loadScoresToStream", result })),
      Effect.catchAll(failed(key, "loadScoresToStream"))
    )
  }
  if (key.startsWith("fanlist/scored/")) {
    return saveFanlistScores(key).pipe(
      Effect.tap((result) => publish("saveFanlistScores", result)),
      Effect.map((result): FileOutcome => ({ key, worker: "saveFanlistScores", result })),
      Effect.catchAll(failed(key, "saveFanlistScores"))
    )
  }
  return skipped(key, "not under scrubbed/ or fanlist/scored/")
}
