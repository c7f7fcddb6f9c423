import type { LoadScoresResult } from "../../pipelines/loadScoresToStream/LoadScoresResult.js"
import type { FileQuality } from "../../pipelines/quality/dataQuality.js"
import type { LineError } from "../../pipelines/rows/errorList.js"
import { qualitySummary } from "../../services/schemas/DataQuality.js"
import { count as number, plural } from "./format.js"
import { togetherKey } from "./flow/togetherKey.js"
import { failureLines } from "./runFailures.js"
import type { RunEntry, RunReport } from "./RunReport.js"

const shownErrors = 10

/** The first errors of a result, and how many more there are. */
const errorLines = (errors: ReadonlyArray<LineError>, total: number) => {
  if (errors.length === 0) return []
  const more = total - Math.min(errors.length, shownErrors)
  const lines = ["    errors:", ...errors.slice(0, shownErrors).map((e) => `      line ${String(e.line).padEnd(6)} ${e.reason}`)]
  if (more > 0) lines.push(`      … and ${number(more)} more (see report.json with --dump)`)
  return lines
}

/** The rejects file of a loaded file, and its data-quality warning (SPEC §12). */
const qualityLines = ({ rejects, quality }: FileQuality) => [
  ...(quality === undefined ? [] : [`    DATA QUALITY WARNING: ${qualitySummary(quality)}`]),
  ...(rejects === undefined
    ? []
    : [rejects.failed === undefined ? `    refused rows: ${number(rejects.rows)} in ${rejects.key}` : `    refused rows: ${rejects.key} NOT WRITTEN: ${rejects.failed}`])
]

const streamLoad = (r: LoadScoresResult) => [
  `    rows ${number(r.in)}: ${number(r.valid)} valid, ${number(r.invalid)} invalid, ${number(r.duplicate)} duplicate`,
  `    fan records: ${number(r.out)} out, ${number(r.failed)} failed`,
  ...qualityLines(r),
  ...errorLines(r.errors, r.invalid + r.duplicate + r.failed)
]

/** The lines of one worker's outcome. */
const renderEntry = (entry: RunEntry): Array<string> => {
  if ("skipped" in entry) return [`  skipped: ${entry.skipped}`]
  if ("error" in entry) return [`  ${entry.worker} FAILED: ${entry.error}`]
  switch (entry.worker) {
    case "loadScoresToStream":
      return [`  loadScoresToStream · campaign ${entry.result.campaignId}`, ...streamLoad(entry.result)]
    case "saveFanlistScores": {
      const r = entry.result
      const lines = [
        `  saveFanlistScores · campaign ${r.campaignId}${entry.invocations === undefined ? "" : ` · ${entry.invocations} invocations`}`,
        `    rows ${number(r.input.in)}: ${number(r.input.valid)} fans, ${number(r.input.invalid)} invalid, ${number(r.input.duplicate)} duplicate`,
        `    demand table: ${number(r.dynamo.out)} saved, ${number(r.dynamo.failed)} failed · campaign data stream: ${number(r.stream.out)} out, ${number(r.stream.failed)} failed`
      ]
      return [...lines, ...qualityLines(r), ...errorLines(r.errors, r.input.invalid + r.input.duplicate + r.dynamo.failed + r.stream.failed)]
    }
    case "loadScoresToDynamoDB": {
      const r = entry.result
      return [
        `  loadScoresToDynamoDB: ${number(r.in)} records → ${number(r.created)} created, ${number(r.updated)} updated, ${number(r.unchanged)} unchanged, ${number(r.invalid)} invalid, ${number(r.failed)} failed`
      ]
    }
    case "processSavedScores": {
      const r = entry.result
      return [
        `  processSavedScores: ${number(r.records)} table changes → ${number(r.applied)} counted, ${number(r.duplicates)} duplicates, ${number(r.unchanged)} moved no count, ${number(r.ignored)} meta, ${number(r.failed)} failed`
      ]
    }
    case "verdictReporter": {
      const r = entry.result
      return [
        `  verdictReporter: ${plural(r.input ?? 0, "message")} → ${number(r.slack?.posted)} posted, ${number(r.slack?.bypassed)} bypassed, ${number(r.slack?.failed)} failed; ${number(r.requeue?.sent)} requeued`
      ]
    }
    case "saveEntryScoring": {
      const r = entry.result
      return [
        `  saveEntryScoring: ${number(r.input)} of ${number(r.records)} records at rank 0 → ${number(r.scoring)} sent (${number(r.inserted)} inserted, ${number(r.updated)} updated, ${number(r.found)} found), ${number(r.unmapped)} unmapped, ${number(r.failed)} failed`
      ]
    }
  }
}

export interface RunTotals {
  readonly mode: string
  readonly seconds: number
  /** One line a resource: "scores stream: 16 records". */
  readonly resources: ReadonlyArray<string>
  /** Each campaign's final counts and Slack posts. */
  readonly campaigns: ReadonlyArray<string>
}

/** Entries grouped by file key, in run order. */
const byFile = (entries: ReadonlyArray<RunEntry>) => {
  const files = new Map<string, Array<RunEntry>>()
  for (const entry of entries) {
    const kept = files.get(entry.key)
    if (kept === undefined) files.set(entry.key, [entry])
    else kept.push(entry)
  }
  return files
}

/** The run's report for a person at a terminal. */
export const renderReport = (report: RunReport, totals: RunTotals): string => {
  const files = byFile(report.files)
  // Files loaded together: their consumers' results are listed once, under a key of their own, not a file's.
  const together = files.has(togetherKey)
  const count = files.size - (together ? 1 : 0)
  return [
    `vf-workers run · ${totals.mode} · ${count} file${count === 1 ? "" : "s"}${together ? " together" : ""} in ${totals.seconds.toFixed(2)} s`,
    "",
    ...[...files].flatMap(([key, entries]) => [key, ...entries.flatMap(renderEntry), ""]),
    ...failureLines(report.failures),
    ...totals.campaigns,
    ...(totals.campaigns.length > 0 ? [""] : []),
    ...totals.resources.map((line) => `  ${line}`)
  ].join("\n")
}
