import { isDeepStrictEqual } from "node:util"
import type { DemandItem, FanScoreItem } from "./schemas/FanScoreItem.js"
import { priorWrite, scoreWriteAttribute, type ScoreWrites, scoreWritesOf, withWrite, type WriteStamp } from "./schemas/ScoreWrite.js"

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

/** The item to write at `now`, its run's writes gaining the stamp's record (as it is without a stamp). */
export const stamped = (item: FanScoreItem, stamp: WriteStamp | undefined, moves: boolean, now: string, before: ScoreWrites = {}): FanScoreItem =>
  stamp === undefined ? item : ({ ...item, [scoreWriteAttribute]: withWrite(before, stamp, moves, now) } as FanScoreItem)

/** What an upsert must do about the item stored under its key. */
export type UpsertPlan =
  | { readonly _tag: "Unchanged"; readonly moves: boolean }
  | { readonly _tag: "Update"; readonly changed: ReadonlyArray<string>; readonly written: FanScoreItem; readonly moves: boolean }

/**
 * The plan for an item that exists, at `now`. When its run's writes hold this record, the
 * write was made before (an answer lost, a redelivery), also when other runs wrote the item
 * since: it is not made again, and whether it moved a count is as it was then. When they
 * hold a later record of the run on the same shard, this one came before and changed
 * nothing. Otherwise the changed attributes are set, and the run's writes gain the record.
 */
export const planUpdate = (stored: DemandItem, item: FanScoreItem, now: string, stamp?: WriteStamp): UpsertPlan => {
  const before = scoreWritesOf(stored)
  const prior = stamp === undefined ? undefined : priorWrite(before, stamp)
  if (prior !== undefined) return { _tag: "Unchanged", moves: prior._tag === "Written" && prior.moves }
  const changed = changedAttributes(stored, item)
  if (changed.length === 0) return { _tag: "Unchanged", moves: false }
  const moves = movesCount(stored, item)
  const names = stamp === undefined ? changed : [...changed, scoreWriteAttribute]
  return { _tag: "Update", changed: names, written: stamped(item, stamp, moves, now, before), moves }
}
