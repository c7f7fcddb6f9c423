import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { loadScoresToDynamoDB } from "../../../src/pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { fanRecord, incoming } from "../fanRecordFixture.js"

const run = (table: MemoryDemandTable, records: ReturnType<typeof incoming>) =>
  loadScoresToDynamoDB(records).pipe(
    Effect.provide(Layer.merge(Layer.succeed(DemandTable, table.service), Layer.succeed(RunProgress, memoryRunProgress(table))))
  )

describe("loadScoresToDynamoDB", () => {
  it.effect("upserts each fan record as a fan-score item and classifies every record", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const first = yield* run(table, incoming(fanRecord("g1", { email: "a@b.co", tags: ["vip"], phone: "+1" }), fanRecord("g2")))
      expect(first).toEqual({ result: { in: 2, success: 2, created: 2, updated: 0, unchanged: 0, invalid: 0, failed: 0 }, retry: [] })
      const again = yield* run(table, incoming(fanRecord("g1", { email: "a@b.co", tags: ["vip"], phone: "+1" }), fanRecord("g2", { score: 0.9 })))
      expect(again.result).toEqual({ in: 2, success: 2, created: 0, updated: 1, unchanged: 1, invalid: 0, failed: 0 })
      const [g1] = table.allItems()
      expect(g1).toEqual({
        PK: "fan:g1",
        SK: "campaign:c1",
        campaignId: "c1",
        globalUserId: "g1",
        email: "a@b.co",
        score: 0.5,
        isVerified: true,
        rank: "0",
        events: { "0": { market: "Chicago", eventId: "e1" } },
        tags: ["vip"],
        source: "scrubbed",
        date: expect.objectContaining({ created: expect.any(String), updated: expect.any(String) })
      })
    }))

  it.effect("counts records that are not fan records as invalid and does not hand them back", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = incoming("not json", JSON.stringify({ campaignId: "c1" }) as string, fanRecord("g3"))
      const { result, retry } = yield* run(table, records)
      expect(result).toEqual({ in: 3, success: 1, created: 1, updated: 0, unchanged: 0, invalid: 2, failed: 0 })
      expect(retry).toEqual([])
    }))

  it.effect("hands back a failed write and the later records of the same item, and only those", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const failing = DemandTable.of({
        ...table.service,
        upsertFanScore: (item) =>
          item.PK === "fan:bad" ? Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: "throttled" })) : table.upsertFanScore(item)
      })
      const records = incoming(fanRecord("bad"), fanRecord("ok"), fanRecord("bad", { score: 0.1 }))
      const progress = Layer.succeed(RunProgress, memoryRunProgress(new MemoryDemandTable()))
      const reply = yield* loadScoresToDynamoDB(records).pipe(Effect.provide(Layer.merge(Layer.succeed(DemandTable, failing), progress)))
      expect(reply.result).toMatchObject({ in: 3, success: 1, created: 1, failed: 2 })
      expect(reply.retry).toEqual([records[0]!.sequenceNumber, records[2]!.sequenceNumber])
    }))

  it.effect("applies writes of the same item in stream order", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
      yield* run(table, incoming(...scores.flatMap((score) => [fanRecord("g1", { score }), fanRecord(`other${score}`)])))
      expect(table.allItems().find((i) => i.PK === "fan:g1")!.score).toBe(0.6)
    }))
})
