import { Effect, Option, Stream } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import { addCounts, type Counts, zeroCounts } from "../../services/schemas/Counts.js"
import { demandKeys, isFanItemKey } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"
import { addToProgress } from "./MemoryRunProgress.js"
import { groupBy } from "../../services/groupBy.js"

const countsOf = (item: Record<string, unknown>): Counts => ({
  verified: Number(item.verified ?? 0),
  rejected: Number(item.rejected ?? 0),
  selected: Number(item.selected ?? 0)
})

/**
 * Counts in the in-memory demand table, with the same bookkeeping as DynamoDB: a marker
 * item `meta:applied:<eventID>` per applied change, then one write of `meta:counts`.
 */
export const memoryCampaignCounts = (table: MemoryDemandTable) => {
  const countsKey = (campaignId: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.counts })
  const read = (campaignId: string) => Option.map(Option.fromNullable(table.item(countsKey(campaignId))), countsOf)
  const write = (campaignId: string, counts: Counts) => table.putItem({ ...countsKey(campaignId), ...counts })

  return CampaignCounts.of({
    getCounts: (campaignId) => Effect.sync(() => read(campaignId)),
    setCounts: (campaignId, counts) => Effect.sync(() => write(campaignId, counts)),
    addToCounts: (campaignId, changes) =>
      Effect.sync(() => {
        const PK = demandKeys.campaign(campaignId)
        const fresh = changes.filter((change) => table.item({ PK, SK: `meta:applied:${change.eventID}` }) === undefined)
        if (fresh.length === 0) return { applied: 0, duplicates: changes.length }
        for (const change of fresh) table.putItem({ PK, SK: `meta:applied:${change.eventID}`, eventID: change.eventID })
        // One write per run, as DynamoDB's transaction makes it.
        for (const [run, mine] of groupBy(fresh.filter((change) => change.run !== undefined), (change) => change.run!)) {
          addToProgress(table, campaignId, run, { counted: mine.length })
        }
        const total = fresh.reduce((sum, change) => addCounts(sum, change.delta), Option.getOrElse(read(campaignId), () => zeroCounts))
        write(campaignId, total)
        return { applied: fresh.length, duplicates: changes.length - fresh.length }
      }),
    campaignFans: (campaignId) =>
      Stream.suspend(() =>
        Stream.fromIterable(
          table.allItems().filter((item) => item.SK === demandKeys.campaign(campaignId) && isFanItemKey(item))
        )
      )
  })
}
