import { isDeepStrictEqual } from "node:util"
import type { DemandItem, FanScoreItem } from "./schemas/FanScoreItem.js"
import { type ScoreWrite, sameWrite, scoreWriteAttribute, scoreWriteOf, type WriteStamp } from "./schemas/ScoreWrite.js"

/**
 * The upsert rule of SPEC §4, shared by every DemandTable adapter: the attributes of
 * `item` (keys aside) whose value differs from the stored item's. Empty: nothing to
 * write. Attributes the item does not carry are never removed.
 */
export const changedAttributes = (stored: DemandItem, item: FanScoreItem): Array<string> =>
  Object.entries(item).flatMap(([name, value]) =>
    name === "PK" || name === "SK" || isDeepStrictEqual(stored[name], value) ? [] : [name]
  )

/** What one write did to the counts: created or an isVerified flip moves one (SPEC §5); a score write never touches verdict. */
export const movesCount = (stored: DemandItem | undefined, item: FanScoreItem) =>
  stored === undefined || stored["isVerified"] !== item.isVerified

/** The item to write with its stamp (none without a stamp). */
export const stamped = (item: FanScoreItem, stamp: WriteStamp | undefined, moves: boolean): FanScoreItem =>
  stamp === undefined ? item : ({ ...item, [scoreWriteAttribute]: { run: stamp.run, record: stamp.record, moves } satisfies ScoreWrite } as FanScoreItem)

/** What an upsert must do about the item stored under its key. */
export type UpsertPlan =
  | { readonly _tag: "Unchanged"; readonly moves: boolean }
  | { readonly _tag: "Update"; readonly changed: ReadonlyArray<string>; readonly written: FanScoreItem; readonly moves: boolean }

/**
 * The plan for an item that exists: when it carries this record's own stamp, the write was
 * made before (an answer lost, a redelivery) and is not made again, and whether it moved a
 * count comes from the stamp; otherwise the changed attributes are set, with a new stamp.
 */
export const planUpdate = (stored: DemandItem, item: FanScoreItem, stamp?: WriteStamp): UpsertPlan => {
  const before = scoreWriteOf(stored)
  if (stamp !== undefined && sameWrite(before, stamp)) return { _tag: "Unchanged", moves: before!.moves }
  const changed = changedAttributes(stored, item)
  if (changed.length === 0) return { _tag: "Unchanged", moves: false }
  const moves = movesCount(stored, item)
  const names = stamp === undefined ? changed : [...changed, scoreWriteAttribute]
  return { _tag: "Update", changed: names, written: stamped(item, stamp, moves), moves }
}
