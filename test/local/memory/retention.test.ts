import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { MemoryRecordStream } from "../../../src/local/memory/MemoryRecordStream.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"

const entry = (key: string) => ({ partitionKey: key, data: new TextEncoder().encode(JSON.stringify({ key })) })

describe("in-memory retention: streams and change logs drop what their readers released", () => {
  it.effect("a stream drops released entries and numbers the next ones on from the total put", () =>
    Effect.gen(function* () {
      const stream = new MemoryRecordStream("s")
      yield* stream.putRecords(["a", "b", "c"].map(entry))
      expect(stream.recordsFrom(0, 2).map((r) => [r.partitionKey, r.sequenceNumber])).toEqual([["a", "00000000000000000001"], ["b", "00000000000000000002"]])
      stream.release(2)
      expect(stream.entries.map((e) => e.partitionKey)).toEqual(["c"])
      const [next] = yield* stream.putRecords([entry("d")])
      expect(next).toMatchObject({ accepted: true, sequenceNumber: "00000000000000000004" })
      expect(stream.recordsFrom(2).map((r) => [r.partitionKey, r.sequenceNumber])).toEqual([["c", "00000000000000000003"], ["d", "00000000000000000004"]])
      expect(stream.recordsFrom(0).map((r) => r.partitionKey)).toEqual(["c", "d"]) // what is gone stays gone
      expect(stream.put).toBe(4)
    }))

  it.effect("a bounded stream makes a put wait until its reader releases room, and loses nothing", () =>
    Effect.gen(function* () {
      const stream = new MemoryRecordStream("s")
      stream.holdAtMost(2)
      yield* stream.putRecords([entry("a"), entry("b")])
      const waiting = yield* Effect.fork(stream.putRecords([entry("c")]))
      yield* TestClock.adjust("1 second")
      expect(waiting.unsafePoll()).toBeNull()
      expect(stream.put).toBe(2)
      stream.release(1)
      yield* Fiber.join(waiting)
      expect(stream.recordsFrom(1).map((r) => r.partitionKey)).toEqual(["b", "c"])
    }))

  it.effect("the table keeps its items, drops released changes, and gives reads as copies", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      for (const g of ["g1", "g2", "g3"]) table.putItem({ PK: `fan:${g}`, SK: "campaign:c1", tags: ["vip"] })
      expect(table.changesFrom(0, 2).map((c) => c.sequenceNumber)).toEqual(["000000000000000000001", "000000000000000000002"])
      table.release(2)
      expect(table.changes.map((c) => c.keys.PK)).toEqual(["fan:g3"])
      table.putItem({ PK: "fan:g1", SK: "campaign:c1", tags: ["early"] })
      expect(table.changesFrom(2).map((c) => [c.eventName, c.sequenceNumber])).toEqual([["INSERT", "000000000000000000003"], ["MODIFY", "000000000000000000004"]])
      expect(table.changes.at(-1)).toMatchObject({ oldImage: { tags: ["vip"] }, newImage: { tags: ["early"] } })
      const read = table.item({ PK: "fan:g1", SK: "campaign:c1" })!
      ;(read["tags"] as Array<string>).push("changed by a reader")
      expect(table.item({ PK: "fan:g1", SK: "campaign:c1" })!["tags"]).toEqual(["early"])
      expect([...table.sortedItems()].map((item) => item.PK)).toEqual(["fan:g1", "fan:g2", "fan:g3"])
      expect(table.size).toBe(3)
    }))
})

describe("a world no one reads", () => {
  it.effect("counts what its streams and table stream take, and keeps none of it", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld({ unread: "dropped" })
      const outcomes = yield* world.campaignDataStream.putRecords([entry("a"), entry("b")])
      expect(outcomes.map((o) => o.accepted && o.sequenceNumber)).toEqual(["00000000000000000001", "00000000000000000002"])
      expect([world.campaignDataStream.entries, world.campaignDataStream.put]).toEqual([[], 2])
      world.demandTable.putItem({ PK: "fan:g1", SK: "campaign:c1" })
      expect([world.demandTable.changes, world.demandTable.changed, world.demandTable.size]).toEqual([[], 1, 1])
    }))
})
