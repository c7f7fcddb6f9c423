import { Effect } from "effect"
import { countsOf, WorkerMetrics } from "../../services/WorkerMetrics.js"
import type { LoadScoresResult } from "../loadScoresToStream/LoadScoresResult.js"
import type { LoadCheckpoint } from "./loadCheckpoint.js"
import type { FanlistResult } from "../saveFanlistScores/FanlistResult.js"
import { invalidShare } from "../quality/dataQuality.js"
import { fanlistFigures, scrubbedFigures } from "./successFigures.js"

/** What became of one object of the scoring bucket. */
export type FileOutcome =
  | { readonly key: string; readonly worker: "loadScoresToStream"; readonly result: LoadScoresResult; readonly invocations?: number }
  | { readonly key: string; readonly worker: "saveFanlistScores"; readonly result: FanlistResult; readonly invocations?: number }
  | { readonly key: string; readonly worker: string; readonly error: string }
  | { readonly key: string; readonly worker: "none"; readonly skipped: string }

/**
 * A loader's result as metrics: its counts (the warning aside), InvalidShare, the share of
 * its rows invalid (SPEC §12), and the counts of its success figures (SPEC §13).
 */
const loaderCounts = (result: LoadScoresResult | FanlistResult) => {
  const { quality: _warning, continues: _checkpoint, ...counts } = result
  const [invalid, rows, figures] =
    "input" in result ? [result.input.invalid, result.input.in, fanlistFigures(result)] : [result.invalid, result.in, scrubbedFigures(result)]
  return { ...countsOf(counts), InvalidShare: invalidShare(invalid, rows), ...figures }
}

/**
 * What an invocation of a load publishes: LoadInvocation, its number in the load (1 for the
 * S3 event's; an alarm watches for a load that never ends), and, from the last one, the
 * load's counts (an invocation that hands the rest on has counted only a part).
 */
const publish = (worker: string, result: LoadScoresResult | FanlistResult, invocation: number) =>
  Effect.flatMap(WorkerMetrics, (metrics) =>
    metrics.publish(worker, result.continues === undefined ? { ...loaderCounts(result), LoadInvocation: invocation } : { LoadInvocation: invocation })
  )

/** A message about the file at `key`, naming it once (most errors' messages name it already). */
export const aboutFile = (key: string, message: string) => (message.startsWith(`${key}:`) ? message : `${key}: ${message}`)

const failed = (key: string, worker: string) => (error: { readonly message: string }) =>
  Effect.as(
    Effect.logError(aboutFile(key, error.message)).pipe(Effect.annotateLogs({ worker, key })),
    { key, worker, error: error.message } as FileOutcome
  )

export const skipped = (key: string, reason: string) =>
  Effect.as(Effect.logWarning(`${key}: skipped: ${reason}`), { key, worker: "none", skipped: reason } as FileOutcome)

/**
 * The object at `key` (in its `version`, when the event names one: S3's sequencer) through
 * `worker` when the key is under `prefix`, else skipped: its
 * result published as metrics and given back, or its failure logged and given back.
 */
export const processUnder = <A extends LoadScoresResult | FanlistResult, E extends { readonly message: string }, R>(
  prefix: string,
  worker: Extract<FileOutcome, { readonly result: unknown }>["worker"],
  run: (key: string, version?: string, resume?: LoadCheckpoint) => Effect.Effect<A, E, R>
) =>
  (key: string, version?: string, resume?: LoadCheckpoint): Effect.Effect<FileOutcome, never, R | WorkerMetrics> =>
    key.startsWith(prefix)
      ? run(key, version, resume).pipe(
          Effect.tap((result) => publish(worker, result, resume?.invocations ?? 1)),
          Effect.map((result) => ({ key, worker, result }) as FileOutcome),
          Effect.catchAll(failed(key, worker))
        )
      : skipped(key, `not under ${prefix}`)
