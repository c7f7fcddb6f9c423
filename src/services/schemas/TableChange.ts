import type { DemandItem, ItemKey } from "./FanScoreItem.js"

/**
 * A change of one demand-table item as its stream delivers it (NEW_AND_OLD_IMAGES),
 * images unmarshalled to plain JSON: INSERT has no old image, REMOVE no new one.
 */
export interface TableChange {
  readonly eventID: string
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE"
  readonly sequenceNumber: string
  readonly keys: ItemKey
  readonly oldImage?: DemandItem
  readonly newImage?: DemandItem
}
