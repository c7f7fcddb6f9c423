import type { AlarmOn } from "./alarms.js"
import {
  countDrift,
  duplicateFanItems,
  loadEndToPost,
  processingSuccess,
  settledToPost,
  streamDelivery,
  successThresholds as at,
  successWorkers as workers
} from "./successMetrics.js"

const operations = "docs/OPERATIONS.md (Metrics and logs)"

/**
 * An alarm at each threshold of the success figures of SPEC §13 (InvalidShare's is among the
 * data-quality alarms of alarms.ts). The percentages are 100 when nothing was sent, and the
 * drift check's figures are read over a day: no traffic, or a day without a check, never alarms.
 */
export const successAlarms = (alarm: AlarmOn) => {
  alarm(
    "ProcessingSuccess",
    processingSuccess(),
    at.processingSuccessPercent,
    `processing success below ${at.processingSuccessPercent}% in 5 minutes: valid records of ${workers.tableWriters.join(" or ")} were not written to the demand table ` +
      `(RecordsWritten against ValidRecords): see the workers' ERROR logs and ${operations}`,
    "below"
  )
  alarm(
    "StreamDelivery",
    streamDelivery(),
    at.streamDeliveryPercent,
    `stream delivery below ${at.streamDeliveryPercent}% in 5 minutes: a stream refused records of ${workers.streamWriters.join(" or ")} ` +
      `(StreamRecordsAccepted against StreamRecordsSent): see the workers' ERROR logs, the streams' throttling and ${operations}`,
    "below"
  )
  const late = (after: string) =>
    `a verdict report was posted more than ${at.notificationSeconds} s after ${after}: see ${workers.reporter}'s logs, the verdict queue's age and docs/OPERATIONS.md (Reports waiting for their counts)`
  alarm("SettledToPostSeconds", settledToPost(), at.notificationSeconds, late("its campaign's counts settled (SettledToPostSeconds)"))
  alarm("LoadEndToPostSeconds", loadEndToPost(), at.notificationSeconds, late("its load ended (LoadEndToPostSeconds)"))
  alarm(
    "CountDrift",
    countDrift(),
    at.countDrift,
    `the daily drift check found a campaign whose counts differ from a recount (CountDrift): its log names the campaign and the drift; ` +
      `repair by invoking ${workers.driftCheck} with {"repair": true}: see docs/OPERATIONS.md (Reconcile counts)`
  )
  alarm(
    "DuplicateFanItems",
    duplicateFanItems(),
    at.duplicateFanItems,
    `the daily drift check found a fan with more than one item in a campaign (DuplicateFanItems): its log names the campaign and the fan's items: ` +
      `see docs/OPERATIONS.md (Reconcile counts)`
  )
}
