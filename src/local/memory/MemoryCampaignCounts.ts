import { Clock, Effect, Option, Stream } from "effect"
import { changeDay, changeDays } from "../../services/changeDays.js"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { VersionedCounts } from "../../services/reportOrder.js"
import { addCounts, type Counts, zeroCounts } from "../../services/schemas/Counts.js"
import { type CommitOutcome, type CountingCommit, positionOfItem, samePosition } from "../../services/schemas/CountingCommit.js"
import { demandKeys, isFanItemKey } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"
import { addToProgress } from "./MemoryRunProgress.js"
import { runKey } from "../../services/RunProgress.js"

const countsOf = (item: Record<string, unknown>): VersionedCounts => ({
  verified: Number(item.verified ?? 0),
  rejected: Number(item.rejected ?? 0),
  selected: Number(item.selected ?? 0),
  version: Number(item.version ?? 0)
})

/**
 * Counts in the in-memory demand table, with DynamoDB's items: `meta:counts` per campaign,
 * a position item per stream shard, markers under a markers guard. A commit is checked
 * whole before anything is written, as a transaction is.
 */
export const memoryCampaignCounts = (table: MemoryDemandTable) => {
  const countsKey = (campaignId: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.counts })
  const positionKey = (shard: string) => ({ PK: demandKeys.shard(shard), SK: demandKeys.position })
  const markerKey = (campaignId: string, eventID: string) => ({ PK: demandKeys.campaign(campaignId), SK: demandKeys.applied(eventID) })
  const read = (campaignId: string) => Option.map(Option.fromNullable(table.item(countsKey(campaignId))), countsOf)
  // SET, as DynamoDB's update: the item's other attributes stay; the day of the change recorded.
  const write = (campaignId: string, counts: VersionedCounts, now: number) =>
    table.putItem({ ...table.item(countsKey(campaignId)), ...countsKey(campaignId), ...counts, changedDay: changeDay(now) })
  const version = (campaignId: string) => Option.match(read(campaignId), { onNone: () => 0, onSome: (counts) => counts.version })
  const position = (shard: string) => Option.map(Option.fromNullable(table.item(positionKey(shard))), positionOfItem)

  const commit = ({ guard, markers, counts, counted }: CountingCommit, now: number): CommitOutcome => {
    if (guard._tag === "Position" && !samePosition(Option.getOrUndefined(position(guard.shard)), guard.expected)) return { _tag: "Moved" }
    const seen = markers.filter(({ campaignId, eventID }) => table.item(markerKey(campaignId, eventID)) !== undefined)
    if (seen.length > 0) return { _tag: "Seen", eventIDs: new Set(seen.map((marker) => marker.eventID)) }
    if (guard._tag === "Position") table.putItem({ ...positionKey(guard.shard), ...guard.next })
    else for (const { campaignId, eventID } of markers) table.putItem(markerKey(campaignId, eventID))
    for (const { campaignId, delta } of counts) {
      const before = Option.getOrElse(read(campaignId), () => ({ ...zeroCounts, version: 0 }))
      write(campaignId, { ...addCounts(before as Counts, delta), version: before.version + 1 }, now)
    }
    for (const run of counted) addToProgress(table, run.campaignId, run.run, { counted: run.changes }, { changedAt: now })
    return { _tag: "Committed" }
  }

  return CampaignCounts.of({
    getCounts: (campaignId) => Effect.sync(() => read(campaignId)),
    setCounts: (campaignId, counts, expected) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        if (version(campaignId) !== expected) return false
        write(campaignId, { ...counts, version: expected + 1 }, now)
        return true
      }),
    shardPosition: (shard) => Effect.sync(() => position(shard)),
    commitCounting: (counting) => Effect.map(Clock.currentTimeMillis, (now) => commit(counting, now)),
    changedCampaigns: (since) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const days = new Set(changeDays(since, now))
        const campaigns = table
          .allItems()
          .filter((item) => (item.SK === demandKeys.counts || item.SK.startsWith(runKey(""))) && days.has(String(item["changedDay"])))
          .map((item) => item.PK.slice(demandKeys.campaign("").length))
        return [...new Set(campaigns)]
      }),
    campaignFans: (campaignId) =>
      Stream.suspend(() =>
        Stream.fromIterable(
          table.allItems().filter((item) => item.SK === demandKeys.campaign(campaignId) && isFanItemKey(item))
        )
      )
  })
}
