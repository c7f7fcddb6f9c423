import { Clock, Effect } from "effect"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { type MetricCounts, publishWhereMeasured } from "../../services/WorkerMetrics.js"
import type { FileCounted } from "./settleEvidence.js"

/**
 * Notification timeliness (SPEC §13) of a final post made at `postedAt`: seconds from its
 * file's counts settling (the run's last change) and from its load's end (when the loader
 * sent the message, `since`). A figure whose start is unknown is left out; never negative
 * (the writers', counter's and reporter's clocks are different machines').
 */
export const timeliness = (message: VerdictMessage, evidence: FileCounted, postedAt: number): MetricCounts => {
  const secondsSince = (start: number) => Math.max(0, postedAt - start) / 1000
  return {
    ...(evidence.settledAt === undefined ? {} : { SettledToPostSeconds: secondsSince(evidence.settledAt) }),
    ...(message.since === undefined ? {} : { LoadEndToPostSeconds: secondsSince(message.since) })
  }
}

/** The timeliness of a final post just made, published as the reporter's metrics, its campaign named. */
export const publishTimeliness = (message: VerdictMessage, evidence: FileCounted) =>
  Effect.flatMap(Clock.currentTimeMillis, (postedAt) =>
    publishWhereMeasured("verdictReporter", timeliness(message, evidence, postedAt), { campaignId: message.campaignId })
  )
