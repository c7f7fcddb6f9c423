import { Stream } from "effect"
import type { DemandItem } from "../../../services/schemas/FanScoreItem.js"
import type { TableContent } from "./FlowSide.js"

const campaignItems = new Set(["meta:counts", "meta:slack:counts"])

/** The campaigns' items and the count of fan scores of items read one at a time (nothing else kept). */
export const summarizeItems = (items: Iterable<DemandItem>): Omit<TableContent, "items"> => {
  const campaigns: Array<DemandItem> = []
  let fanScores = 0
  for (const item of items) {
    if (campaignItems.has(item.SK)) campaigns.push(item)
    if (!item.SK.startsWith("meta:")) fanScores++
  }
  return { fanScores, campaigns }
}

/** A table's content from items already held, sorted. */
export const tableContentOf = (sorted: ReadonlyArray<DemandItem>): TableContent => ({
  ...summarizeItems(sorted),
  items: Stream.fromIterable(sorted)
})
