import type { MetricCounts } from "../../services/WorkerMetrics.js"
import type { LoadToTableResult } from "../loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { LoadScoresResult } from "../loadScoresToStream/LoadScoresResult.js"
import type { FanlistResult } from "../saveFanlistScores/FanlistResult.js"

/**
 * The counts behind two of the source system's success figures (SPEC §13), under the same
 * names whichever worker publishes them, so that one metric-math expression sums them:
 * - processing success = RecordsWritten ÷ ValidRecords (valid records, and those the table
 *   now holds as given: created, updated or unchanged);
 * - stream delivery = StreamRecordsAccepted ÷ StreamRecordsSent.
 */
export const tableWrites = (valid: number, written: number): MetricCounts => ({ ValidRecords: valid, RecordsWritten: written })

export const streamDelivery = (sent: number, accepted: number): MetricCounts => ({ StreamRecordsSent: sent, StreamRecordsAccepted: accepted })

/** The table writer of the scores stream: its valid records (read, not invalid) and its successes. */
export const tableWriterFigures = (result: LoadToTableResult): MetricCounts => tableWrites(result.in - result.invalid, result.success)

/** A fanlist load: its survivors and the items the table holds; the items it put to the stream and those accepted. */
export const fanlistFigures = (result: FanlistResult): MetricCounts => ({
  ...tableWrites(result.dynamo.in, result.dynamo.out),
  ...streamDelivery(result.stream.in, result.stream.out)
})

/** A scrubbed file's load: its fan records sent to the stream (each ends out or failed) and those accepted. */
export const scrubbedFigures = (result: LoadScoresResult): MetricCounts => streamDelivery(result.out + result.failed, result.out)
