import { medianSeconds, n, rate } from "./goals.js"
import type { CaseResult } from "./report.js"

const verdict = (ok: boolean) => (ok ? "met" : "**not met**")
const find = (results: ReadonlyArray<CaseResult>, name: string, rows?: number) =>
  results.filter((r) => r.name === name && (rows === undefined || r.file.rows === rows)).at(-1)

/** The default-mode flow beside the stand-ins' limit: rows a second the slowest stand-in allows. */
export interface StandInLimit {
  readonly rowsPerSecond: number
  readonly bottleneck: string
}

/** The whole in-memory flow against a rate and a peak RSS on 1,000,000 rows, and its linearity from 100,000. */
export const wholeFlowLines = (results: ReadonlyArray<CaseResult>, rowsPerSecond: number, peakMB: number): Array<string> => {
  const [small, large] = [find(results, "flow", 100_000), find(results, "flow", 1_000_000)]
  const lines: Array<string> = []
  if (large !== undefined) {
    lines.push(`| whole in-memory flow ≥ ${n(rowsPerSecond)} rows/s (1,000,000 rows) | ${n(rate(large))}: ${verdict(rate(large) >= rowsPerSecond)} |`)
    lines.push(`| its peak RSS ≤ ${n(peakMB)} MB | ${n(large.peakRssMB)} MB: ${verdict(large.peakRssMB <= peakMB)} |`)
  }
  if (small !== undefined && large !== undefined) {
    const ratio = medianSeconds(large) / medianSeconds(small)
    lines.push(`| time(1,000,000) ≤ 11 × time(100,000) | ${n(medianSeconds(large), 1)} s ÷ ${n(medianSeconds(small), 1)} s = ${n(ratio, 2)} ×: ${verdict(ratio <= 11)} |`)
  }
  return lines
}

/** The whole flow's goals against the figures: the whole flow, saveFanlistScores, the load in the calling thread, default mode. */
export const flowGoalsTable = (results: ReadonlyArray<CaseResult>, limit?: StandInLimit): Array<string> => {
  const fanlist = find(results, "fanlist")
  const load = find(results, "load", 1_000_000)
  const standIns = find(results, "flowStandIns")
  const lines = wholeFlowLines(results, 100_000, 600)
  if (fanlist !== undefined) {
    lines.push(`| saveFanlistScores ≥ 250,000 rows/s (${n(fanlist.file.rows)} rows) | ${n(rate(fanlist))}: ${verdict(rate(fanlist) >= 250_000)} |`)
    lines.push(`| its peak RSS ≤ 400 MB | ${n(fanlist.peakRssMB)} MB: ${verdict(fanlist.peakRssMB <= 400)} |`)
  }
  if (load !== undefined) lines.push(`| load stage in the calling thread ≥ 250,000 rows/s | ${n(rate(load))}: ${verdict(rate(load) >= 250_000)} |`)
  if (standIns !== undefined && limit !== undefined) {
    const within = limit.rowsPerSecond / rate(standIns)
    lines.push(
      `| default-mode flow within 2 × of the slowest stand-in's limit (${n(standIns.file.rows)} rows) | ${n(rate(standIns))} rows/s against ${n(limit.rowsPerSecond)} (${limit.bottleneck}): ${n(within, 2)} ×, ${verdict(within <= 2)} |`
    )
  }
  return lines.length === 0 ? [] : ["", "| goal of the whole flow | figure |", "| --- | --- |", ...lines]
}
