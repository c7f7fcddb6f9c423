import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import type { FanScoreItem } from "../../../src/services/schemas/FanScoreItem.js"

const item = (fields: Partial<FanScoreItem> = {}): FanScoreItem => ({
  PK: "fan:g1",
  SK: "campaign:c1",
  campaignId: "c1",
  globalUserId: "g1",
  score: 0.5,
  isVerified: true,
  tags: ["vip"],
  source: "scrubbed",
  ...fields
})

/** What the demand table's contract (MemoryDemandTableContract.test.ts) leaves out: the table's clock, its change log, its listing. */
describe("MemoryDemandTable", () => {
  it.effect("dates its writes by the Effect clock, and records each change with images and an id of its own", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      yield* TestClock.setTime(Date.parse("2026-11-20T09:00:00Z"))
      expect(yield* table.upsertFanScore(item())).toBe("created")
      yield* TestClock.setTime(Date.parse("2026-11-20T10:00:00Z"))
      expect(yield* table.upsertFanScore(item())).toBe("unchanged")
      expect(table.changes).toHaveLength(1)
      expect(table.allItems()[0]!.date).toEqual({ created: "2026-11-20T09:00:00.000Z", updated: "2026-11-20T09:00:00.000Z" })

      yield* TestClock.setTime(Date.parse("2026-11-20T11:00:00Z"))
      expect(yield* table.upsertFanScore(item({ score: 0.9, tags: ["vip", "early"] }))).toBe("updated")
      const [insert, modify] = table.changes
      expect(insert).toMatchObject({ eventName: "INSERT", keys: { PK: "fan:g1", SK: "campaign:c1" } })
      expect(insert!.oldImage).toBeUndefined()
      expect(modify).toMatchObject({ eventName: "MODIFY", oldImage: { score: 0.5, tags: ["vip"] }, newImage: { score: 0.9, tags: ["vip", "early"] } })
      expect(modify!.newImage!.date).toEqual({ created: "2026-11-20T09:00:00.000Z", updated: "2026-11-20T11:00:00.000Z" })
      expect(new Set(table.changes.map((c) => c.eventID)).size).toBe(2)
    }))

  it.effect("lists every item sorted by PK then SK", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      yield* table.upsertFanScore(item({ SK: "campaign:c2", campaignId: "c2" }))
      yield* table.upsertFanScore(item({ PK: "fan:a", globalUserId: "a" }))
      yield* table.upsertFanScore(item())
      expect(table.allItems().map((i) => `${i.PK} ${i.SK}`)).toEqual(["fan:a campaign:c1", "fan:g1 campaign:c1", "fan:g1 campaign:c2"])
    }))

  it("records a removal with its old image", () => {
    const table = new MemoryDemandTable()
    table.putItem({ PK: "fan:g1", SK: "campaign:c1", isVerified: false })
    table.deleteItem({ PK: "fan:g1", SK: "campaign:c1" })
    expect(table.changes.at(-1)).toMatchObject({ eventName: "REMOVE", oldImage: { isVerified: false } })
    expect(table.changes.at(-1)!.newImage).toBeUndefined()
    expect(table.allItems()).toEqual([])
  })
})
