import { isDeepStrictEqual } from "node:util"
import { type DemandItem, type FanScoreItem, type ItemDates, selectionAttributes } from "./schemas/FanScoreItem.js"
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

/** Attributes a score write never sets: the selection system's, and `date`, which the table keeps. */
const notWritten = new Set([...selectionAttributes, "date"])

/** The attributes a score write sets: those of the item, less undefined values and the ones it must not touch. */
export const scoreWrite = (item: FanScoreItem): FanScoreItem =>
  Object.fromEntries(
    Object.entries(item).filter(([name, value]) => value !== undefined && !notWritten.has(name))
  ) as FanScoreItem

/** The `date` fields an item holds (another system may have written it without). */
export const storedDates = (stored: DemandItem) => {
  const date = stored["date"]
  const field = (name: string) =>
    typeof date === "object" && date !== null && typeof (date as Record<string, unknown>)[name] === "string"
      ? ((date as Record<string, unknown>)[name] as string)
      : undefined
  return { created: field("created"), updated: field("updated") }
}

/**
 * The `date.updated` of a change: now, or one millisecond past the stored value when
 * the clock is not ahead of it, so each change gives a new value and the optimistic
 * check of a writer that read the older one fails.
 */
export const nextUpdated = (seen: string | undefined, now: string): string => {
  const seenMillis = seen === undefined ? Number.NaN : Date.parse(seen)
  return seenMillis >= Date.parse(now) ? new Date(seenMillis + 1).toISOString() : now
}

/** The `date` of an item after a change at `now`: a stored `created` kept (the change's time when there was none), `updated` as nextUpdated gives it. */
export const changedDates = (stored: DemandItem, now: string): ItemDates => {
  const seen = storedDates(stored)
  const updated = nextUpdated(seen.updated, now)
  return { created: seen.created ?? updated, updated }
}

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
