import type { LoadToTableResult } from "../../../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { SavedScoresResult } from "../../../pipelines/processSavedScores/processSavedScores.js"
import type { EntryScoringResult } from "../../../pipelines/saveEntryScoring/EntryScoringTally.js"
import type { VerdictReporterResult } from "../../../pipelines/verdictReporter/VerdictReporterResult.js"
import type { GivenUp } from "../streamDelivery.js"

/** What the consumers did while the runner drove them: each invocation's result, per worker. */
export interface FlowResults {
  readonly toTable: Array<LoadToTableResult>
  readonly toEntry: Array<EntryScoringResult>
  readonly savedScores: Array<SavedScoresResult>
  readonly reporter: Array<VerdictReporterResult>
  /** What the mappings gave up on after their retries (the on-failure queues' content). */
  readonly givenUp: Array<GivenUp>
}

export const noResults = (): FlowResults => ({ toTable: [], toEntry: [], savedScores: [], reporter: [], givenUp: [] })
