import type { Effect } from "effect"
import type { WorkerMetrics } from "../services/WorkerMetrics.js"
import type { DemandTable } from "../services/DemandTable.js"
import type { CampaignDataStream, ScoresStream } from "../services/RecordStream.js"
import type { RunProgress } from "../services/RunProgress.js"
import type { ScoringBucket } from "../services/ScoringBucket.js"
import type { VerdictQueue } from "../services/VerdictQueue.js"
import { type FileOutcome, skipped } from "./run/fileOutcome.js"
import { processFanlistFile } from "./processFanlistFile.js"
import { processScrubbedFile } from "./processScrubbedFile.js"
import type { LoadCheckpoint } from "./run/loadCheckpoint.js"

export type { FileOutcome } from "./run/fileOutcome.js"
export { processFanlistFile } from "./processFanlistFile.js"
export { processScrubbedFile } from "./processScrubbedFile.js"

export type ScoringFileServices =
  | ScoringBucket
  | ScoresStream
  | CampaignDataStream
  | DemandTable
  | RunProgress
  | VerdictQueue
  | WorkerMetrics

/**
 * Routes an object of the scoring bucket to its worker by prefix and runs it. A file
 * that fails is logged and given back as an outcome with its error; it never stops
 * the files after it.
 */
export const processScoringFile = (key: string, version?: string, resume?: LoadCheckpoint): Effect.Effect<FileOutcome, never, ScoringFileServices> => {
  if (key.startsWith("scrubbed/")) return processScrubbedFile(key, version, resume)
  if (key.startsWith("fanlist/scored/")) return processFanlistFile(key, version, resume)
  return skipped(key, "not under scrubbed/ or fanlist/scored/")
}
