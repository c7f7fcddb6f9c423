import type { Counts } from "../../services/schemas/Counts.js"
import { type DemandItem, isFanItemKey, type ItemKey } from "../../services/schemas/FanScoreItem.js"
import { writeRunOf as runOfWrite } from "../../services/schemas/ScoreWrite.js"
import type { TableChange } from "../../services/schemas/TableChange.js"

/** A fan-score item: the only items counted (meta: items are not). */
export const isFanItem = isFanItemKey

export const campaignOf = (keys: ItemKey) => keys.SK.slice("campaign:".length)

/** What one image counts for (SPEC §5); none for no image. */
export const contribution = (image: DemandItem | undefined): Counts => ({
  verified: image?.isVerified === true ? 1 : 0,
  rejected: image?.isVerified === false ? 1 : 0,
  selected: image?.verdict === true ? 1 : 0
})

/** delta = contribution(new) − contribution(old): the whole counting rule. */
export const countDelta = (change: TableChange): Counts => {
  const after = contribution(change.newImage)
  const before = contribution(change.oldImage)
  return {
    verified: after.verified - before.verified,
    rejected: after.rejected - before.rejected,
    selected: after.selected - before.selected
  }
}

/**
 * The run whose score write made this change: a record of it is in the new image's writes
 * and not in the old one's (another system's change, a verdict say, leaves them as they were).
 */
export const writeRunOf = (change: TableChange): string | undefined => runOfWrite(change.oldImage, change.newImage)
