import type { LoadToTableResult } from "../../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { FileOutcome } from "../../pipelines/processScoringFile.js"
import type { SavedScoresResult } from "../../pipelines/processSavedScores/processSavedScores.js"
import type { EntryScoringResult } from "../../pipelines/saveEntryScoring/EntryScoringTally.js"
import type { VerdictReporterResult } from "../../pipelines/verdictReporter/VerdictReporterResult.js"
import type { RunFailures } from "./runFailures.js"

/** What the scores-stream consumers did with one file's records, summed over their batches. */
export type ConsumerOutcome =
  | { readonly key: string; readonly worker: "loadScoresToDynamoDB"; readonly result: Partial<LoadToTableResult> }
  | { readonly key: string; readonly worker: "saveEntryScoring"; readonly result: Partial<EntryScoringResult> }
  | { readonly key: string; readonly worker: "processSavedScores"; readonly result: Partial<SavedScoresResult> }
  | { readonly key: string; readonly worker: "verdictReporter"; readonly result: Partial<VerdictReporterResult> }

/** One line of report.json's `files`: a worker's outcome for one file. */
export type RunEntry = FileOutcome | ConsumerOutcome

/** report.json (SPEC §9): each file's outcome, and each worker's results summed. */
export interface RunReport {
  readonly files: ReadonlyArray<RunEntry>
  readonly workers: Readonly<Record<string, Record<string, unknown>>>
  /** Present when something was not applied: the run then exits 1. */
  readonly failures?: RunFailures
}

/** Adds the numbers of `result` into `sum`, nested objects included; other values are left out. */
export const addCounts = (sum: Record<string, unknown>, result: object) => {
  for (const [name, value] of Object.entries(result)) {
    if (typeof value === "number") sum[name] = ((sum[name] as number | undefined) ?? 0) + value
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const nested = (sum[name] ?? {}) as Record<string, unknown>
      addCounts(nested, value)
      sum[name] = nested
    }
  }
}

export const runReport = (files: ReadonlyArray<RunEntry>, failures?: RunFailures): RunReport => {
  const workers: Record<string, Record<string, unknown>> = {}
  for (const file of files) {
    if (!("result" in file)) continue
    // A file's data-quality warning holds shares: summed they would mean nothing.
    const { quality: _warning, ...counts } = file.result as { readonly quality?: unknown }
    addCounts((workers[file.worker] ??= { files: 0 }), counts)
    ;(workers[file.worker]!.files as number)++
  }
  return failures === undefined ? { files, workers } : { files, workers, failures }
}

/** The numbers of several results of one worker, summed. */
export const sumResults = (results: ReadonlyArray<object>): Record<string, unknown> => {
  const sum: Record<string, unknown> = {}
  for (const result of results) addCounts(sum, result)
  return sum
}
