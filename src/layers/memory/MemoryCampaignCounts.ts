import { Effect, Option, Stream } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { VersionedCounts } from "../../services/reportOrder.js"
import { addCounts, type Counts, zeroCounts } from "../../services/schemas/Counts.js"
import { demandKeys, isFanItemKey } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"
import { addToProgress } from "./MemoryRunProgress.js"
import { groupBy } from "../../services/groupBy.js"

const countsOf = (item: Record<string, unknown>): VersionedCounts => ({
  verified: Number(item.verified ?? 0),
  rejected: Number(item.rejected ?? 0),
  selected: Number(item.selected ?? 0),
  version: Number(item.version ?? 0)
})

/**
 * Counts in the in-memory demand table, with the same bookkeeping as DynamoDB: a marker
 * item `meta:applied:<eventID>` per applied change, then one write of `meta:counts`.
 */
export const memoryCampaignCounts = (table: MemoryDemandTable) => {
  const countsKey = (campaignId: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.counts })
  const read = (campaignId: string) => Option.map(Option.fromNullable(table.item(countsKey(campaignId))), countsOf)
  const write = (campaignId: string, counts: VersionedCounts) => table.putItem({ ...countsKey(campaignId), ...counts })
  const version = (campaignId: string) => Option.match(read(campaignId), { onNone: () => 0, onSome: (counts) => counts.version })

  return CampaignCounts.of({
    getCounts: (campaignId) => Effect.sync(() => read(campaignId)),
    setCounts: (campaignId, counts, expected) =>
      Effect.sync(() => {
        if (version(campaignId) !== expected) return false
        write(campaignId, { ...counts, version: expected + 1 })
        return true
      }),
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
        const before = Option.getOrElse(read(campaignId), () => ({ ...zeroCounts, version: 0 }))
        const total = fresh.reduce((sum, change) => addCounts(sum, change.delta), before as Counts)
        write(campaignId, { ...total, version: before.version + 1 })
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
