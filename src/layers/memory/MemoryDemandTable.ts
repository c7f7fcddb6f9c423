import { Clock, Effect, Option } from "effect"
import { DemandTable, type UpsertOutcome, type UpsertResult } from "../../services/DemandTable.js"
import { planUpdate, stamped } from "../../services/fanScoreUpsert.js"
import { compareItemKeys, type DemandItem, type FanScoreItem, type ItemKey } from "../../services/schemas/FanScoreItem.js"
import type { WriteStamp } from "../../services/schemas/ScoreWrite.js"
import type { TableChange } from "../../services/schemas/TableChange.js"

/** A change of one item, shaped like a DynamoDB stream record (NEW_AND_OLD_IMAGES). */
export type ChangeRecord = TableChange

const keyOf = ({ PK, SK }: ItemKey) => `${PK}\u0000${SK}`
const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())

/** The demand table in memory: items, and every change as a stream record, in order. */
export class MemoryDemandTable {
  private readonly items = new Map<string, DemandItem>()
  readonly changes: Array<ChangeRecord> = []

  constructor(readonly tableName = "demand-table") {}

  /** Every item, sorted by PK then SK (copies). */
  allItems(): Array<DemandItem> {
    return [...this.items.values()].map((item) => structuredClone(item)).sort(compareItemKeys)
  }

  /** The stored item of a key (a copy). */
  item(key: ItemKey): DemandItem | undefined {
    const stored = this.items.get(keyOf(key))
    return stored === undefined ? undefined : structuredClone(stored)
  }

  /** Writes an item whole, as another system would (a change record follows). */
  putItem(item: DemandItem) {
    this.write(item, this.items.get(keyOf(item)))
  }

  deleteItem(key: ItemKey) {
    const old = this.items.get(keyOf(key))
    if (old === undefined) return
    this.items.delete(keyOf(key))
    this.record("REMOVE", key, old, undefined)
  }

  readonly upsertStamped = (item: FanScoreItem, stamp?: WriteStamp): Effect.Effect<UpsertResult> =>
    Effect.map(now, (time) => {
      const stored = this.items.get(keyOf(item))
      if (stored === undefined) {
        this.write({ ...stamped(item, stamp, true), date: { created: time, updated: time } }, undefined)
        return { outcome: "created", moves: true }
      }
      const plan = planUpdate(stored, item, stamp)
      if (plan._tag === "Unchanged") return { outcome: "unchanged", moves: plan.moves }
      const values = Object.fromEntries(plan.changed.map((name) => [name, (plan.written as Record<string, unknown>)[name]]))
      const date = { ...(stored.date as object), updated: time }
      this.write({ ...stored, ...values, date }, stored)
      return { outcome: "updated", moves: plan.moves }
    })

  readonly upsertFanScore = (item: FanScoreItem): Effect.Effect<UpsertOutcome> =>
    Effect.map(this.upsertStamped(item), (done) => done.outcome)

  get service() {
    return DemandTable.of({
      tableName: this.tableName,
      upsertFanScore: this.upsertFanScore,
      upsertStamped: this.upsertStamped,
      getItem: (key) => Effect.sync(() => Option.map(Option.fromNullable(this.items.get(keyOf(key))), structuredClone)),
      queryPartition: (pk) => Effect.sync(() => this.allItems().filter((item) => item.PK === pk))
    })
  }

  private write(item: DemandItem, old: DemandItem | undefined) {
    const stored = structuredClone(item)
    this.items.set(keyOf(item), stored)
    this.record(old === undefined ? "INSERT" : "MODIFY", item, old, stored)
  }

  private record(eventName: ChangeRecord["eventName"], key: ItemKey, oldImage?: DemandItem, newImage?: DemandItem) {
    const n = this.changes.length + 1
    const change: ChangeRecord = {
      eventID: `memory-${n}`,
      eventName,
      sequenceNumber: String(n).padStart(21, "0"),
      keys: { PK: key.PK, SK: key.SK },
      ...(oldImage === undefined ? {} : { oldImage: structuredClone(oldImage) }),
      ...(newImage === undefined ? {} : { newImage: structuredClone(newImage) })
    }
    this.changes.push(change)
  }
}
