import { Clock, Duration, Effect, Option } from "effect"
import { ReportLedger } from "../../services/ReportLedger.js"
import { type Counts, type ReportedCounts, sameCounts } from "../../services/schemas/Counts.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"

/** A claim that was never confirmed may be taken over after this long. */
export const staleClaimAfter = Duration.minutes(5)

type ReportItem = ReportedCounts & { readonly claimId?: string; readonly claimedAt?: number }

const reported = (item: ReportItem): ReportedCounts => {
  const { verified, rejected, selected, postedAt } = item
  return postedAt === undefined ? { verified, rejected, selected } : { verified, rejected, selected, postedAt }
}

/** The last Slack reports in the in-memory demand table (`meta:slack:counts`), same rules as DynamoDB. */
export const memoryReportLedger = (table: MemoryDemandTable) => {
  const key = (campaignId: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.slackCounts })
  const read = (campaignId: string) => table.item(key(campaignId)) as (ReportItem & { PK: string; SK: string }) | undefined

  /** Absent, other counts, or never posted and not under a fresh claim (same rule as DynamoDB). */
  const claimable = (stored: ReportItem | undefined, counts: Counts, now: number) =>
    stored === undefined ||
    !sameCounts(stored, counts) ||
    (stored.postedAt === undefined && (stored.claimedAt === undefined || stored.claimedAt < now - Duration.toMillis(staleClaimAfter)))

  return ReportLedger.of({
    lastReport: (campaignId) => Effect.sync(() => Option.map(Option.fromNullable(read(campaignId)), reported)),
    claimReport: (campaignId, counts, claimId) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const stored = read(campaignId)
        if (!claimable(stored, counts, now)) return { _tag: "AlreadyReported" as const }
        table.putItem({ ...key(campaignId), ...counts, claimId, claimedAt: now })
        return { _tag: "Claimed" as const, previous: stored === undefined ? undefined : reported(stored) }
      }),
    confirmReport: (campaignId, claimId, postedAt) =>
      Effect.sync(() => {
        const stored = read(campaignId)
        if (stored?.claimId !== claimId) return
        const { claimId: _claim, claimedAt: _at, ...rest } = stored
        table.putItem({ ...rest, postedAt })
      }),
    releaseReport: (campaignId, claimId, previous) =>
      Effect.sync(() => {
        if (read(campaignId)?.claimId !== claimId) return
        if (previous === undefined) table.deleteItem(key(campaignId))
        else table.putItem({ ...key(campaignId), ...previous })
      })
  })
}
