import type { FileOutcome } from "../../pipelines/processScoringFile.js"
import { count } from "./format.js"
import { rate } from "./progress.js"

/** A file's outcome in one progress line: its worker, rows and rows per second, what went out. */
export const fileLine = (outcome: FileOutcome, seconds: number): string => {
  const time = `${seconds.toFixed(2)} s${"invocations" in outcome && outcome.invocations !== undefined ? ` over ${outcome.invocations} invocations` : ""}`
  if ("skipped" in outcome) return `skipped: ${outcome.skipped}`
  if ("error" in outcome) return `${outcome.worker} FAILED: ${outcome.error}`
  if (outcome.worker === "loadScoresToStream") {
    const r = outcome.result
    return `loadScoresToStream ${count(r.in)} rows in ${time} (${rate(r.in, seconds, "rows")}) → ${count(r.out)} fan records out, ${count(r.invalid)} invalid, ${count(r.duplicate)} duplicate, ${count(r.failed)} failed`
  }
  const r = outcome.result
  return `saveFanlistScores ${count(r.input.in)} rows in ${time} (${rate(r.input.in, seconds, "rows")}) → ${count(r.dynamo.out)} saved, ${count(r.stream.out)} to the campaign data stream, ${count(r.input.invalid)} invalid, ${count(r.input.duplicate)} duplicate`
}
