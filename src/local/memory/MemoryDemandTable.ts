import { Clock, Effect, Option } from "effect"
import { DemandTable, type UpsertOutcome, type UpsertResult } from "../../services/DemandTable.js"
import { changedDates, planUpdate, scoreWrite, stamped } from "../../services/fanScoreUpsert.js"
import { type DemandItem, type FanScoreItem, type ItemKey } from "../../services/schemas/FanScoreItem.js"
import type { WriteStamp } from "../../services/schemas/ScoreWrite.js"
import type { TableChange } from "../../services/schemas/TableChange.js"
import { ItemText } from "./itemText.js"

/** A change of one item, shaped like a DynamoDB stream record (NEW_AND_OLD_IMAGES). */
export type ChangeRecord = TableChange

const keyOf = ({ PK, SK }: ItemKey) => `${PK}\u0000${SK}`
/** Keys in PK then SK order: NUL sorts below every other character, so the joined keys sort as their pairs do. */
const compareKeyStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())

/**
 * The demand table in memory: items stored as compact JSON text (ItemText: as a table
 * stores bytes, a read gives a fresh copy, and an item costs its size), and each change as a stream record, in order, kept until its readers release it (a real table
 * stream's retention; a table nobody releases keeps every change). A change's images are
 * the objects of the write, never changed afterwards.
 */
export class MemoryDemandTable {
  private readonly items = new Map<string, string>()
  private readonly text = new ItemText()
  /** The changes kept: from position `released` + 1 on. */
  readonly changes: Array<ChangeRecord> = []
  /** Changes dropped after their readers had read them. */
  released = 0

  constructor(readonly tableName = "demand-table") {}

  /** Every item, sorted by PK then SK (copies). */
  allItems(): Array<DemandItem> {
    return [...this.sortedItems()]
  }

  /** How many items the table holds. */
  get size(): number {
    return this.items.size
  }

  /** Every item, in no order, read one at a time (copies). */
  *storedItems(): Generator<DemandItem> {
    for (const text of this.items.values()) yield this.text.decode(text)
  }

  /** Every item, sorted by PK then SK, read one at a time (copies). */
  *sortedItems(): Generator<DemandItem> {
    const keys = [...this.items.keys()].sort(compareKeyStrings)
    for (const key of keys) {
      const text = this.items.get(key)
      if (text !== undefined) yield this.text.decode(text)
    }
  }

  /** How many changes the table has made, released ones included. */
  get changed(): number {
    return this.released + this.changes.length
  }

  /** The changes after position `from` (a count of changes made), at most `limit`. */
  changesFrom(from: number, limit = Infinity): Array<ChangeRecord> {
    const start = Math.max(from, this.released) - this.released
    return this.changes.slice(start, Math.min(this.changes.length, start + limit))
  }

  /** Drops the changes up to position `upTo` (every reader has read them). */
  release(upTo: number) {
    const drop = Math.min(upTo, this.changed) - this.released
    if (drop <= 0) return
    this.changes.splice(0, drop)
    this.released += drop
  }

  private logsChanges = true

  /** A table whose stream no one reads (a benchmark's): changes are counted, not kept. */
  dropUnread() {
    this.logsChanges = false
    this.release(this.changed)
  }

  /** The stored item of a key (a copy). */
  item(key: ItemKey): DemandItem | undefined {
    const text = this.items.get(keyOf(key))
    return text === undefined ? undefined : this.text.decode(text)
  }

  /** Writes an item whole, as another system would (a change record follows). */
  putItem(item: DemandItem) {
    this.write(item, this.item(item))
  }

  deleteItem(key: ItemKey) {
    const old = this.item(key)
    if (old === undefined) return
    this.items.delete(keyOf(key))
    this.record("REMOVE", key, old, undefined)
  }

  readonly upsertStamped = (given: FanScoreItem, stamp?: WriteStamp): Effect.Effect<UpsertResult> =>
    Effect.map(now, (time) => {
      const item = scoreWrite(given)
      const stored = this.item(item)
      if (stored === undefined) {
        this.write({ ...stamped(item, stamp, true, time), date: { created: time, updated: time } }, undefined)
        return { outcome: "created", moves: true }
      }
      const plan = planUpdate(stored, item, time, stamp)
      if (plan._tag === "Unchanged") return { outcome: "unchanged", moves: plan.moves }
      const values = Object.fromEntries(plan.changed.map((name) => [name, (plan.written as Record<string, unknown>)[name]]))
      this.write({ ...stored, ...values, date: changedDates(stored, time) }, stored)
      return { outcome: "updated", moves: plan.moves }
    })

  readonly upsertFanScore = (item: FanScoreItem): Effect.Effect<UpsertOutcome> =>
    Effect.map(this.upsertStamped(item), (done) => done.outcome)

  get service() {
    return DemandTable.of({
      tableName: this.tableName,
      upsertFanScore: this.upsertFanScore,
      upsertStamped: this.upsertStamped,
      getItem: (key) => Effect.sync(() => Option.fromNullable(this.item(key))),
      queryPartition: (pk) => Effect.sync(() => this.allItems().filter((item) => item.PK === pk))
    })
  }

  /** Stores `item`, a copy of which becomes the change's new image (the caller may keep using its own object). */
  private write(item: DemandItem, old: DemandItem | undefined) {
    const text = this.text.encode(item)
    this.items.set(keyOf(item), text)
    this.record(old === undefined ? "INSERT" : "MODIFY", item, old, this.logsChanges ? this.text.decode(text) : undefined)
  }

  private record(eventName: ChangeRecord["eventName"], key: ItemKey, oldImage?: DemandItem, newImage?: DemandItem) {
    if (!this.logsChanges) return void this.released++
    const n = this.changed + 1
    const change: ChangeRecord = {
      eventID: `memory-${n}`,
      eventName,
      sequenceNumber: String(n).padStart(21, "0"),
      keys: { PK: key.PK, SK: key.SK },
      ...(oldImage === undefined ? {} : { oldImage }),
      ...(newImage === undefined ? {} : { newImage })
    }
    this.changes.push(change)
  }
}
