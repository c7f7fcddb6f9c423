import type { FileOutcome } from "../pipelines/processScoringFile.js"
import type { RunReport } from "./RunReport.js"

const number = (n: number) => n.toLocaleString("en-US")
const shownErrors = 10

const renderFile = (file: FileOutcome): Array<string> => {
  if ("skipped" in file) return [`  ${file.key}`, `    skipped: ${file.skipped}`]
  if ("error" in file) return [`  ${file.key}`, `    FAILED (${file.worker}): ${file.error}`]
  const r = file.result
  const lines = [
    `  ${file.key}`,
    `    ${file.worker} · campaign ${r.campaignId}`,
    `    rows ${number(r.in)}: ${number(r.valid)} valid, ${number(r.invalid)} invalid, ${number(r.duplicate)} duplicate`,
    `    fan records: ${number(r.out)} out, ${number(r.failed)} failed`
  ]
  if (r.errors.length > 0) {
    const more = r.invalid + r.duplicate + r.failed - Math.min(r.errors.length, shownErrors)
    lines.push(`    errors:`)
    for (const e of r.errors.slice(0, shownErrors)) lines.push(`      line ${String(e.line).padEnd(6)} ${e.reason}`)
    if (more > 0) lines.push(`      … and ${number(more)} more (see report.json with --dump)`)
  }
  return lines
}

export interface RunTotals {
  readonly mode: string
  readonly streamRecords: number
  readonly verdictMessages: number
  readonly seconds: number
}

/** The run's report for a person at a terminal. */
export const renderReport = (report: RunReport, totals: RunTotals): string =>
  [
    `vf-workers run · ${totals.mode} · ${report.files.length} file${report.files.length === 1 ? "" : "s"} in ${totals.seconds.toFixed(2)} s`,
    "",
    ...report.files.flatMap((file) => [...renderFile(file), ""]),
    `  scores stream: ${number(totals.streamRecords)} records · verdict queue: ${number(totals.verdictMessages)} message${totals.verdictMessages === 1 ? "" : "s"}`
  ].join("\n")
