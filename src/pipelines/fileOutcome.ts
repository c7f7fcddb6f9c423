import { Effect } from "effect"
import { countsOf, WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { LoadScoresResult } from "./loadScoresToStream/LoadScoresResult.js"
import type { FanlistResult } from "./saveFanlistScores/FanlistResult.js"

/** What became of one object of the scoring bucket. */
export type FileOutcome =
  | { readonly key: string; readonly worker: "loadScoresToStream"; readonly result: LoadScoresResult }
  | { readonly key: string; readonly worker: "saveFanlistScores"; readonly result: FanlistResult }
  | { readonly key: string; readonly worker: string; readonly error: string }
  | { readonly key: string; readonly worker: "none"; readonly skipped: string }

export const publish = <A extends object>(worker: string, result: A) =>
  Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(worker, countsOf(result)))

export const failed = (key: string, worker: string) => (error: { readonly message: string }) =>
  Effect.as(
    Effect.logError(`${key}: ${error.message}`).pipe(Effect.annotateLogs({ worker, key })),
    { key, worker, error: error.message } as FileOutcome
  )

export const skipped = (key: string, reason: string) =>
  Effect.as(Effect.logWarning(`${key}: skipped: ${reason}`), { key, worker: "none", skipped: reason } as FileOutcome)

export const notFor = (key: string, prefix: string) => skipped(key, `not under ${prefix}`)
