import { describe, expect, it } from "vitest"
import { planUpdate } from "../../src/services/fanScoreUpsert.js"
import type { DemandItem, FanScoreItem } from "../../src/services/schemas/FanScoreItem.js"
import { priorWrite, scoreWritesOf, withWrite, writeRunOf } from "../../src/services/schemas/ScoreWrite.js"

/** The rule of the writes each run keeps on a fan item, shared by the writers (both tables) and the counter. */

const key = { PK: "fan:g1", SK: "campaign:c1" }
const fan = (isVerified: boolean): FanScoreItem => ({ ...key, campaignId: "c1", globalUserId: "g1", score: 0.5, isVerified, source: "scrubbed" }) as FanScoreItem
const day = 24 * 60 * 60 * 1000
const at = (millis: number) => new Date(Date.UTC(2026, 11, 6) + millis).toISOString()
const record = (n: number, shard = "shardId-000000000001") => `${shard}/${String(n).padStart(20, "0")}`

/** The item after a planned write (as either table stores it). */
const applied = (stored: DemandItem, item: FanScoreItem, now: string, stamp: { run: string; record: string }) => {
  const plan = planUpdate(stored, item, now, stamp)
  return { plan, item: plan._tag === "Update" ? ({ ...stored, ...plan.written } as DemandItem) : stored }
}

describe("the writes a fan item keeps per run", () => {
  it("keeps a run's write when another run writes the item after it: the record seen again is not written again, and counts as it did", () => {
    const created = { ...fan(true), lastWrite: withWrite({}, { run: "R", record: record(1) }, true, at(0)) } as DemandItem
    const flipped = applied(created, fan(false), at(1000), { run: "F", record: "line:2" })
    expect(flipped.plan).toMatchObject({ _tag: "Update", moves: true })
    const again = applied(flipped.item, fan(true), at(2000), { run: "R", record: record(1) })
    expect(again.plan).toEqual({ _tag: "Unchanged", moves: true })
    expect(again.item.isVerified).toBe(false)
    expect(Object.keys(scoreWritesOf(again.item)).sort()).toEqual(["F", "R"])
  })

  it("takes a record before a later one on the same shard, of any run, as passed (applied or superseded then), but not one of another shard", () => {
    const writes = withWrite({}, { run: "R", record: record(9) }, true, at(0))
    expect(priorWrite(writes, { run: "R", record: record(10) })).toBeUndefined()
    expect(priorWrite(writes, { run: "R", record: record(9) })).toEqual({ _tag: "Written", moves: true })
    // Sequence numbers compare as numbers, not as text.
    expect(priorWrite(writes, { run: "R", record: `shardId-000000000001/8` })).toEqual({ _tag: "Passed" })
    expect(priorWrite(writes, { run: "R", record: record(8, "shardId-000000000002") })).toBeUndefined()
    // Another run's record, earlier on the shard: a redelivery after a bisection must not put its older values back.
    expect(priorWrite(writes, { run: "F", record: record(8) })).toEqual({ _tag: "Passed" })
    expect(priorWrite(writes, { run: "F", record: record(11) })).toBeUndefined()
    expect(priorWrite(withWrite({}, { run: "F", record: "line:9" }, true, at(0)), { run: "F", record: "line:2" })).toBeUndefined()
  })

  it("drops the writes of runs that last wrote more than a day before, and keeps the writing run's earlier records", () => {
    let writes = withWrite({}, { run: "old", record: record(1) }, true, at(0))
    writes = withWrite(writes, { run: "R", record: record(2) }, true, at(day - 1))
    writes = withWrite(writes, { run: "R", record: record(3) }, false, at(day + 1))
    expect(writes).toEqual({ R: { at: at(day + 1), records: { [record(2)]: true, [record(3)]: false } } })
  })

  it("reads an item stamped the earlier way as the writes of its run", () => {
    const legacy = { ...fan(true), date: { created: at(0), updated: at(5) }, lastWrite: { run: "R", record: record(1), moves: true } } as DemandItem
    expect(scoreWritesOf(legacy)).toEqual({ R: { at: at(5), records: { [record(1)]: true } } })
    expect(applied(legacy, fan(false), at(10), { run: "R", record: record(1) }).plan).toEqual({ _tag: "Unchanged", moves: true })
    const upgraded = applied(legacy, fan(false), at(10), { run: "F", record: "line:2" }).item
    // The earlier stamp is kept as its run's writes: the change is F's only.
    expect(writeRunOf(legacy, upgraded)).toBe("F")
    expect(Object.keys(scoreWritesOf(upgraded)).sort()).toEqual(["F", "R"])
  })

  it("names the run of a change by the record it added: none for another system's change or an item with no writes", () => {
    const created = { ...fan(true), lastWrite: withWrite({}, { run: "R", record: record(1) }, true, at(0)) } as DemandItem
    expect(writeRunOf(undefined, created)).toBe("R")
    expect(writeRunOf(created, { ...created, verdict: true })).toBeUndefined()
    expect(writeRunOf(created, undefined)).toBeUndefined()
    expect(writeRunOf(undefined, fan(true))).toBeUndefined()
    const second = applied(created, fan(false), at(1), { run: "R", record: record(2) }).item
    expect(writeRunOf(created, second)).toBe("R")
  })
})
