import { Clock, Effect, Option } from "effect"
import { ReportLedger } from "../../services/ReportLedger.js"
import { decideClaim } from "../../services/reportOrder.js"
import { claimAttributeNames, claimFields, ledgerStateOf, postedFields } from "../../services/schemas/ReportLedgerItem.js"
import { demandKeys, type DemandItem } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"

const withoutClaim = (item: DemandItem): DemandItem =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !claimAttributeNames.includes(name))) as DemandItem

/** The last Slack reports in the in-memory demand table (`meta:slack:counts`): the rules of reportOrder.ts, attributes as DynamoDB's. */
export const memoryReportLedger = (table: MemoryDemandTable) => {
  const key = (campaignId: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.slackCounts })
  const read = (campaignId: string) => table.item(key(campaignId))
  const heldBy = (item: DemandItem | undefined, claimId: string): item is DemandItem => item?.["claimId"] === claimId

  return ReportLedger.of({
    lastReport: (campaignId) =>
      Effect.sync(() => Option.flatMap(Option.fromNullable(read(campaignId)), (item) => Option.fromNullable(ledgerStateOf(item).posted))),
    claimReport: (campaignId, request, claimId, until) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const stored = read(campaignId)
        const decision = decideClaim(stored === undefined ? undefined : ledgerStateOf(stored), request, claimId, now)
        if (decision._tag === "Claimed") table.putItem({ ...(stored ?? key(campaignId)), ...claimFields(request, claimId, until) })
        return decision
      }),
    confirmReport: (campaignId, claimId, report) =>
      Effect.sync(() => {
        const stored = read(campaignId)
        if (heldBy(stored, claimId)) table.putItem({ ...withoutClaim(stored), ...postedFields(report) })
      }),
    releaseReport: (campaignId, claimId, previous) =>
      Effect.sync(() => {
        const stored = read(campaignId)
        if (!heldBy(stored, claimId)) return
        if (previous === undefined) table.deleteItem(key(campaignId))
        else table.putItem(withoutClaim(stored))
      })
  })
}
