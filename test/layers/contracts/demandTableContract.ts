import { expect } from "@effect/vitest"
import { Effect, Option } from "effect"
import { DemandTable } from "../../../src/services/DemandTable.js"
import type { DemandItem, FanScoreItem, ItemKey } from "../../../src/services/schemas/FanScoreItem.js"
import type { WriteStamp } from "../../../src/services/schemas/ScoreWrite.js"
import { fanItem } from "./fanScoreItems.js"

/** A change of the table as its stream tells it. */
export interface TableChangeSeen {
  readonly eventName: string
  readonly oldImage?: Record<string, unknown>
  readonly newImage?: Record<string, unknown>
}

/** What a contract run needs of its adapter beside the port: fresh keys, another system's writes, the table's stream. */
export interface DemandTableHarness<R> {
  readonly freshUser: (label: string) => string
  /** Writes an item whole, as another system (the selection system) would. */
  readonly putWhole: (item: DemandItem) => Effect.Effect<unknown, unknown, R>
  /** The stream records of one partition's changes, oldest first. */
  readonly changesOf: (pk: string) => Effect.Effect<ReadonlyArray<TableChangeSeen>, unknown, R>
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, DemandTable | R>) => void

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const selection = { verdict: true, selectedEvents: ["e1"], codes: { e1: "CODE-1" } }
const dates = (item: DemandItem) => item["date"] as { created: string; updated: string }
/** The attributes whose values differ between two items, sorted. */
const differing = (a: DemandItem, b: DemandItem) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])).sort()

const upsert = (item: FanScoreItem) => Effect.flatMap(DemandTable, (table) => table.upsertFanScore(item))
const upsertStamped = (item: FanScoreItem, stamp: WriteStamp) => Effect.flatMap(DemandTable, (table) => table.upsertStamped(item, stamp))
const stored = (key: ItemKey) =>
  Effect.flatMap(DemandTable, (table) => table.getItem({ PK: key.PK, SK: key.SK })).pipe(Effect.map(Option.getOrThrow))

/**
 * The behaviour every DemandTable adapter has (SPEC §4, the upsert; SPEC §5 through the
 * writes a stamped upsert keeps): each case on keys of its own.
 */
export const demandTableContract = <R>(it: { effect: ItEffect<R> }, harness: DemandTableHarness<R>) => {
  const changesOf = (pk: string) =>
    Effect.map(harness.changesOf(pk), (changes) =>
      changes.map(({ eventName, oldImage, newImage }) => ({ eventName, ...(oldImage && { oldImage }), ...(newImage && { newImage }) }))
    )

  it.effect("creates an absent item with every attribute, date.created = date.updated, and one INSERT record", () =>
    Effect.gen(function* () {
      const item = fanItem(harness.freshUser("created"))
      expect(yield* Effect.flatMap(DemandTable, (table) => table.getItem(item))).toEqual(Option.none())
      expect(yield* upsert(item)).toBe("created")
      const { date, ...attributes } = yield* stored(item)
      expect(attributes).toEqual(item)
      expect(dates({ ...item, date }).created).toMatch(isoTime)
      expect(dates({ ...item, date }).updated).toBe(dates({ ...item, date }).created)
      expect(yield* changesOf(item.PK)).toEqual([{ eventName: "INSERT", newImage: { ...item, date } }])
    }))

  it.effect("writes nothing for the same values; sets only what differs and a later date.updated, removing nothing", () =>
    Effect.gen(function* () {
      const item = fanItem(harness.freshUser("changed"))
      yield* upsert(item)
      const first = yield* stored(item)
      expect(yield* upsert({ ...item, tags: ["vip"], events: { ...item.events } })).toBe("unchanged")
      const { email: _email, bandScore: _bandScore, ...without } = item
      expect(yield* upsert(without)).toBe("unchanged")
      expect(yield* stored(item)).toEqual(first)
      expect(yield* upsert({ ...without, score: 0.5, tags: ["vip", "flagged"], events: { "0": { market: "Boston" } } })).toBe("updated")
      const after = yield* stored(item)
      expect(differing(first, after)).toEqual(["date", "events", "score", "tags"])
      expect(after).toMatchObject({ email: item.email, bandScore: item.bandScore, events: { "0": { market: "Boston" } } })
      expect(dates(after).created).toBe(dates(first).created)
      expect(dates(after).updated > dates(first).updated).toBe(true)
      expect(yield* changesOf(item.PK)).toEqual([
        { eventName: "INSERT", newImage: first },
        { eventName: "MODIFY", oldImage: first, newImage: after }
      ])
    }))

  it.effect("keeps verdict, selectedEvents and codes the selection system set: never written, never a change", () =>
    Effect.gen(function* () {
      const item = fanItem(harness.freshUser("selected"))
      yield* upsert(item)
      yield* harness.putWhole({ ...(yield* stored(item)), ...selection })
      const selected = yield* stored(item)
      expect(yield* upsert(item)).toBe("unchanged")
      expect(yield* stored(item)).toEqual(selected)
      expect(yield* upsert({ ...item, isVerified: false })).toBe("updated")
      expect(yield* stored(item)).toMatchObject({ ...selection, isVerified: false })
      const carrying = { ...item, isVerified: false, verdict: false, codes: {} } as FanScoreItem
      expect(yield* upsert(carrying)).toBe("unchanged")
      expect(yield* stored(item)).toMatchObject(selection)
    }))

  it.effect("gives an item another system wrote without a date one on its first change, created = updated", () =>
    Effect.gen(function* () {
      const item = fanItem(harness.freshUser("undated"))
      yield* harness.putWhole({ ...item, verdict: true })
      expect(yield* upsert(item)).toBe("unchanged")
      expect((yield* stored(item))["date"]).toBeUndefined()
      expect(yield* upsert({ ...item, score: 0.4 })).toBe("updated")
      const after = yield* stored(item)
      expect(after).toMatchObject({ score: 0.4, verdict: true })
      expect(dates(after).updated).toMatch(isoTime)
      expect(dates(after).created).toBe(dates(after).updated)
    }))

  it.effect("writes a run's record once, whatever other runs wrote since, and passes a record its shard has gone beyond", () =>
    Effect.gen(function* () {
      const item = fanItem(harness.freshUser("stamped"))
      const r1 = (sequence: number): WriteStamp => ({ run: "r1", record: `shardId-000000000000/${sequence}` })
      expect(yield* upsertStamped(item, r1(5))).toEqual({ outcome: "created", moves: true })
      // Its reply lost, the same record again: not written again, and it moved a count then.
      expect(yield* upsertStamped(item, r1(5))).toEqual({ outcome: "unchanged", moves: true })
      // A fanlist (another run) rejects the fan; r1's record delivered again leaves it rejected.
      const rejected: FanScoreItem = { ...item, isVerified: false, source: "fanlist" }
      expect(yield* upsertStamped(rejected, { run: "f1", record: "line:2" })).toEqual({ outcome: "updated", moves: true })
      expect(yield* upsertStamped(item, r1(5))).toEqual({ outcome: "unchanged", moves: true })
      // A later record of r1's shard writes; an earlier one after it (a bisected batch again) is passed.
      expect(yield* upsertStamped({ ...rejected, score: 0.4 }, r1(9))).toEqual({ outcome: "updated", moves: false })
      expect(yield* upsertStamped({ ...item, score: 0.1 }, r1(7))).toEqual({ outcome: "unchanged", moves: false })
      const after = yield* stored(item)
      expect(after).toMatchObject({ isVerified: false, score: 0.4 })
      const records = (run: string) => (after["lastWrite"] as Record<string, { at: string; records: unknown }>)[run]
      expect(records("r1")).toEqual({ at: expect.stringMatching(isoTime), records: { [r1(5).record]: true, [r1(9).record]: false } })
      expect(records("f1")).toEqual({ at: expect.stringMatching(isoTime), records: { "line:2": true } })
      expect((yield* changesOf(item.PK)).map((change) => change.eventName)).toEqual(["INSERT", "MODIFY", "MODIFY"])
    }))

  it.effect("reads an item by its key, and a partition's items in SK order, none of another partition", () =>
    Effect.gen(function* () {
      const table = yield* DemandTable
      const pk = `campaign:${harness.freshUser("query")}`
      const sks = ["meta:slack:counts", "a", "meta:counts", "b:2", "b:10"]
      yield* Effect.forEach(sks, (sk, n) => harness.putWhole({ PK: pk, SK: sk, n, nested: { list: [n, "x"] } }))
      yield* harness.putWhole({ PK: `${pk}-other`, SK: "a" })
      const items = yield* table.queryPartition(pk)
      expect(items.map((item) => item.SK)).toEqual(["a", "b:10", "b:2", "meta:counts", "meta:slack:counts"])
      expect(items[0]).toEqual({ PK: pk, SK: "a", n: 1, nested: { list: [1, "x"] } })
      expect(yield* table.queryPartition(`${pk}-none`)).toEqual([])
      expect(yield* table.getItem({ PK: pk, SK: "b:2" })).toEqual(Option.some({ PK: pk, SK: "b:2", n: 3, nested: { list: [3, "x"] } }))
      expect(yield* table.getItem({ PK: pk, SK: "b" })).toEqual(Option.none())
    }))
}
