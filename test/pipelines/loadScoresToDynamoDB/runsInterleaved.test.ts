import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { fanScoreItemOf } from "../../../src/pipelines/loadScoresToDynamoDB/fanScoreItem.js"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import type { IncomingRecord } from "../../../src/pipelines/delivery/incomingRecords.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { isRunCounted } from "../../../src/services/RunProgress.js"
import { endOfFileJson } from "../../../src/services/schemas/EndOfFile.js"
import { fanRecord } from "../fanRecordFixture.js"
import { deliverToWriter } from "./faultyWriter.js"

/**
 * A run's evidence is exact when the deployed writers run at once (SPEC §6 "Ordered and
 * final", last bullet): a writer delivery that comes again after another run wrote the
 * same fans neither writes them again nor is counted twice for its run.
 */

const run = "scrubbed-run"
const fanlistRun = "fanlist-run"
const shardId = "shardId-000000000001"
const meta = { correlation: "00000000-0000-4000-8000-000000000000", date: 1, source: "s3://b/scrubbed", run }
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))
const sequence = (n: number) => String(n).padStart(30, "0")

/** A scrubbed file on one shard from sequence number `from` on: fans g0…g(n-1), verified, then the load's mark. */
const shardRecords = (n: number, of = run, from = 1): Array<IncomingRecord> => [
  ...Array.from({ length: n }, (_, i) => ({ sequenceNumber: sequence(from + i), shardId, data: encode(fanRecord(`g${i}`, { __meta: { ...meta, run: of } })) })),
  { sequenceNumber: sequence(from + n), shardId, data: encode(endOfFileJson({ campaignId: "c1", run: of, loadId: `load-${of}` })) }
]

const deliver = deliverToWriter

/** Another run (a fanlist) rejects the fans given, each by a line of its own, and records its file's writes. */
const fanlistRejects = (table: MemoryDemandTable, fans: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    let moved = 0
    for (const [line, fan] of fans.entries()) {
      const item = { ...fanScoreItemOf(fanRecord(fan, { isVerified: false, __meta: meta })), source: "fanlist" as const }
      const done = yield* table.upsertStamped(item, { run: fanlistRun, record: `line:${line + 2}` })
      if (done.moves) moved++
    }
    yield* memoryRunProgress(table).recordFileWrites({ campaignId: "c1", run: fanlistRun, loadId: "fanlist-load", moved })
  })

/** The counter over every change the table made (its own writes come round and count for nothing). */
const countEverything = (table: MemoryDemandTable) =>
  Effect.gen(function* () {
    for (let from = 0; from < table.changed; ) {
      const changes = table.changesFrom(from)
      from += changes.length
      yield* processSavedScores({ changes, shard: "s/0" })
    }
  }).pipe(Effect.provide(Layer.succeed(CampaignCounts, memoryCampaignCounts(table))))

const recount = (table: MemoryDemandTable) =>
  table.allItems().filter((item) => item.PK.startsWith("fan:")).reduce(
    (sum, item) => ({
      verified: sum.verified + (item.isVerified === true ? 1 : 0),
      rejected: sum.rejected + (item.isVerified === false ? 1 : 0),
      selected: sum.selected + (item.verdict === true ? 1 : 0)
    }),
    { verified: 0, rejected: 0, selected: 0 }
  )

const progress = (table: MemoryDemandTable, of: string) => Effect.map(memoryRunProgress(table).progress("c1", of), Option.getOrThrow)

/** Each run counted exactly what it wrote, and the counts are those of the table. */
const expectExact = (table: MemoryDemandTable) =>
  Effect.gen(function* () {
    yield* countEverything(table)
    const scrubbed = yield* progress(table, run)
    const fanlist = yield* progress(table, fanlistRun)
    expect({ run: scrubbed.counted, fanlist: fanlist.counted }).toEqual({ run: scrubbed.expected, fanlist: fanlist.expected })
    expect(isRunCounted(scrubbed, `load-${run}`, 1)).toBe(true)
    const { verified, rejected, selected } = Option.getOrThrow(yield* memoryCampaignCounts(table).getCounts("c1"))
    expect({ verified, rejected, selected }).toEqual(recount(table))
    return { scrubbed, fanlist }
  })

describe("a run's evidence with other runs writing the same fans", () => {
  it.effect("a delivery that comes again after a fanlist flipped its fans writes nothing and counts nothing more", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = shardRecords(3)
      yield* deliver(table, records)
      yield* fanlistRejects(table, ["g0", "g1"])
      // The whole delivery again (an invocation whose answer Lambda never got).
      const again = yield* deliver(table, records)
      const { scrubbed, fanlist } = yield* expectExact(table)
      expect({ scrubbed: scrubbed.expected, fanlist: fanlist.expected }).toEqual({ scrubbed: 3, fanlist: 2 })
      expect(again.result).toMatchObject({ unchanged: 3, updated: 0 })
      // The fanlist's later write stands: a redelivery repeats nothing.
      expect(table.item({ PK: "fan:g0", SK: "campaign:c1" })?.isVerified).toBe(false)
    }))

  it.effect("a write whose reply was lost, redelivered after a fanlist flipped the fan, counts once", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = shardRecords(3)
      // g1's write is applied but its reply lost: Lambda delivers again from g1 on.
      const first = yield* deliver(table, records, new Map([["fan:g1", "lost reply"]]))
      expect(first.retry).toEqual([records[1]!.sequenceNumber])
      yield* fanlistRejects(table, ["g1", "g2"])
      yield* deliver(table, records.slice(1))
      const { scrubbed } = yield* expectExact(table)
      expect(scrubbed.expected).toBe(3)
      expect(table.item({ PK: "fan:g1", SK: "campaign:c1" })?.isVerified).toBe(false)
    }))

  it.effect("a delivery whose progress was recorded but whose answer was lost, redelivered after a fanlist, adds nothing", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      // The same fans already hold these scores (an earlier run): this run's writes change nothing.
      yield* deliver(table, shardRecords(3, "earlier-run"))
      const records = shardRecords(3, run, 10)
      yield* deliver(table, records)
      yield* fanlistRejects(table, ["g0"])
      const again = yield* deliver(table, records)
      yield* expectExact(table)
      expect(again.result).toMatchObject({ updated: 0 })
      expect(table.item({ PK: "fan:g0", SK: "campaign:c1" })?.isVerified).toBe(false)
    }))

  it.effect("a whole batch again after part of it was recorded records the rest", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      const records = shardRecords(4)
      // g2 refused: g0, g1 recorded, g2, g3 and the mark handed back; then the whole batch comes again.
      yield* deliver(table, records, new Map([["fan:g2", "refused"]]))
      yield* deliver(table, records)
      yield* fanlistRejects(table, ["g3"])
      const { scrubbed } = yield* expectExact(table)
      expect(scrubbed.expected).toBe(4)
    }))

  it.effect("a shard's earlier record of another run, delivered again after a bisection, never puts its older values back", () =>
    Effect.gen(function* () {
      const table = new MemoryDemandTable()
      // A re-upload's record of g0 (verified, unchanged: it writes nothing), then a later file's record of g0 (rejected) on the same shard.
      yield* deliver(table, shardRecords(1, "earlier-run"))
      const reupload = shardRecords(1, "reupload-run", 10).slice(0, 1)
      const later = [{ ...shardRecords(1, run, 20)[0]!, data: encode(fanRecord("g0", { isVerified: false, __meta: meta })) }]
      yield* deliver(table, [...reupload, ...later])
      expect(table.item({ PK: "fan:g0", SK: "campaign:c1" })?.isVerified).toBe(false)
      // The invocation failed at its end: Lambda splits the batch and delivers its first half again, then the second.
      const firstHalf = yield* deliver(table, reupload)
      expect(firstHalf.result).toMatchObject({ updated: 0, created: 0 })
      yield* deliver(table, later)
      expect(table.item({ PK: "fan:g0", SK: "campaign:c1" })?.isVerified).toBe(false)
    }))
})
