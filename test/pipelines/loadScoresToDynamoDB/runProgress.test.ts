import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { runWritesOf } from "../../../src/pipelines/loadScoresToDynamoDB/runWrites.js"
import type { IncomingRecord } from "../../../src/pipelines/delivery/incomingRecords.js"
import { comparableSequence } from "../../../src/services/RunProgress.js"
import { endOfFileJson } from "../../../src/services/schemas/EndOfFile.js"
import { fanRecord } from "../fanRecordFixture.js"
import { deliverToWriter } from "./faultyWriter.js"

/** A run's progress through the writer is exact under redelivery, lost replies and bisection (SPEC §6 amended, §10). */

const run = "run-1"
const meta = { correlation: "00000000-0000-4000-8000-000000000000", date: 1, source: "s3://b/k", run }
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))

/** One shard's records: fans g0…g(n-1) of the run, verified unless `rejected` says, then the load's mark. */
const shardRecords = (n: number, rejected: ReadonlySet<number> = new Set()): Array<IncomingRecord> => [
  ...Array.from({ length: n }, (_, i) => ({
    sequenceNumber: String(i + 1).padStart(30, "0"),
    shardId: "shardId-000000000001",
    data: encode(fanRecord(`g${i}`, { isVerified: !rejected.has(i), __meta: meta }))
  })),
  { sequenceNumber: String(n + 1).padStart(30, "0"), shardId: "shardId-000000000001", data: encode(endOfFileJson({ campaignId: "c1", run, loadId: "load-1" })) }
]

/** The run's progress, without the time of its last change (the contract's own case). */
const progressOf = (table: MemoryDemandTable) =>
  Effect.map(memoryRunProgress(table).progress("c1", run), (state) => Option.getOrUndefined(Option.map(state, ({ changedAt: _changedAt, ...rest }) => rest)))

const deliver = deliverToWriter

describe("a run's progress through loadScoresToDynamoDB", () => {
  it.effect("counts each count-moving write once and the mark, in one delivery", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      yield* deliver(table, shardRecords(5, new Set([1])))
      expect(yield* progressOf(table)).toEqual({ expected: 5, counted: 0, marks: ["load-1/shardId-000000000001"] })
      const items = table.allItems().filter((item) => item.PK.startsWith("fan:"))
      // Each item keeps its run's write: the record that wrote it, and that it moved a count.
      expect(items.map((item) => item["lastWrite"])).toEqual(
        items.map((_, i) => ({ [run]: { at: expect.any(String), records: { [`shardId-000000000001/${String(i + 1).padStart(30, "0")}`]: true } } }))
      )
    }))

  it.effect("stays exact when a write fails mid-batch, its reply is lost, and Lambda delivers from the lowest failure on, then the whole batch again", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = shardRecords(6)
      // g2's write is refused, g4's applied but its reply lost: both handed back; g5 and the mark come again behind them.
      const first = yield* deliver(table, records, new Map([["fan:g2", "refused"], ["fan:g4", "lost reply"]]))
      expect(first.retry).toEqual([records[2]!.sequenceNumber, records[4]!.sequenceNumber])
      expect(yield* progressOf(table)).toEqual({ expected: 2, counted: 0, marks: [] })
      yield* deliver(table, records.slice(2))
      expect(yield* progressOf(table)).toEqual({ expected: 6, counted: 0, marks: ["load-1/shardId-000000000001"] })
      // A whole batch delivered again (an invocation whose answer Lambda never got): nothing more is added.
      const again = yield* deliver(table, records)
      expect(again.result).toMatchObject({ unchanged: 6, failed: 0 })
      expect(yield* progressOf(table)).toEqual({ expected: 6, counted: 0, marks: ["load-1/shardId-000000000001"] })
    }))

  it.effect("does not count a duplicate record of the run (a repeat on the stream) as a write of its own", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = shardRecords(2)
      const repeat = { ...records[0]!, sequenceNumber: String(9).padStart(30, "0") }
      yield* deliver(table, [...records, repeat])
      expect(yield* progressOf(table)).toMatchObject({ expected: 2 })
    }))
})

describe("runWritesOf", () => {
  const fate = (n: number, extra: object = {}) => ({ sequenceNumber: String(n), shardId: "s1", ...extra })
  const of = { run: "r", campaignId: "c" }

  it("counts only what came before the shard's lowest handed-back record, over the delivery's range", () => {
    const fates = [fate(1, { run: of, moved: true }), fate(2, { run: of, moved: false }), fate(3, { run: of, moved: true }), fate(4, { run: of, markOf: "l" })]
    expect(runWritesOf(fates, new Set(["3"]))).toEqual([{ ...of, shardId: "s1", first: "1", last: "2", moved: 1, marks: [] }])
    expect(runWritesOf(fates, new Set())).toEqual([{ ...of, shardId: "s1", first: "1", last: "4", moved: 2, marks: ["l/s1"] }])
    expect(runWritesOf(fates, new Set(["1"]))).toEqual([])
  })

  it("starts a run's range after the position its progress was recorded at, and another run's at the delivery's first record", () => {
    const other = { run: "r2", campaignId: "c" }
    const fates = [fate(1), fate(2), fate(3, { run: of, moved: true }), fate(4, { run: other, moved: true })]
    const upTo = (_shard: string, _campaign: string, run: string) => (run === "r" ? comparableSequence("2") : undefined)
    expect(runWritesOf(fates, new Set(), upTo)).toEqual([
      { ...of, shardId: "s1", first: "3", last: "4", moved: 1, marks: [] },
      { ...other, shardId: "s1", first: "1", last: "4", moved: 1, marks: [] }
    ])
  })

  it("keeps shards and runs apart, and records nothing for a range that adds nothing", () => {
    const other = { run: "r2", campaignId: "c" }
    const fates = [fate(1, { run: of, moved: true }), { ...fate(1, { run: other, moved: true }), shardId: "s2" }, fate(2, { run: other, moved: false })]
    expect(runWritesOf(fates, new Set())).toEqual([
      { ...of, shardId: "s1", first: "1", last: "2", moved: 1, marks: [] },
      { ...other, shardId: "s2", first: "1", last: "1", moved: 1, marks: [] }
    ])
  })
})
