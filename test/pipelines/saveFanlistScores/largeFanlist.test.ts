import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Stream } from "effect"
import v8 from "node:v8"
import vm from "node:vm"
import { MemoryVerdictQueue } from "../../../src/local/memory/MemoryVerdictQueue.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { CampaignDataStream, oneShard, type PutOutcome } from "../../../src/services/RecordStream.js"
import type { FanScoreItem } from "../../../src/services/schemas/FanScoreItem.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { fanlistFile, fanlistScore, fanlistUnverified } from "../../support/fanlistFile.js"

/**
 * 200,000 rows of 50,000 fans (4 rows each, a fan's rows 50,000 lines apart), ~40 MB
 * generated lazily, through the worker with a counting table and stream: the counts are
 * exact, the upserts come in descending score order, and the live heap follows the
 * fans, not the rows.
 */

const MB = 1024 * 1024
const options = { rows: 200_000, fans: 50_000, padding: 150 }
const key = "fanlist/scored/c1/big.csv"

/** Samples the live heap (after a full collection) over a run; `peak` is the highest growth. */
class HeapWatch {
  private readonly gc: () => void
  private readonly base: number
  peak = 0

  constructor() {
    v8.setFlagsFromString("--expose-gc")
    this.gc = vm.runInNewContext("gc") as () => void
    this.gc()
    this.base = process.memoryUsage().heapUsed
  }

  sample() {
    this.gc()
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.base)
  }
}

/** A table that counts what it is given and keeps nothing but the last upsert's place in the order. */
class CountingTable {
  upserts = 0
  unverified = 0
  prefixes: Record<string, number> = {}
  outOfOrder = 0
  private last = { score: Infinity, fan: -1 }

  constructor(private readonly onUpsert: (n: number) => void) {}

  readonly upsert = (item: FanScoreItem) =>
    Effect.sync(() => {
      const fan = Number(/\d+/.exec(item.PK)![0])
      const prefix = item.PK.slice(0, item.PK.indexOf(":"))
      this.prefixes[prefix] = (this.prefixes[prefix] ?? 0) + 1
      if (!item.isVerified) this.unverified++
      if (item.score !== fanlistScore(3 * options.fans + fan, options.fans)) this.outOfOrder++ // not the fan's best row
      if (item.score > this.last.score || (item.score === this.last.score && fan < this.last.fan)) this.outOfOrder++
      this.last = { score: item.score, fan }
      this.onUpsert(++this.upserts)
      return "created" as const
    })
}

describe("saveFanlistScores on a large fanlist", () => {
  it.live("de-duplicates 200,000 rows of 50,000 fans exactly, in score order, with memory that follows fans, not rows", () => {
    const heap = new HeapWatch()
    let pieces = 0
    let streamed = 0
    const table = new CountingTable((n) => n % 10_000 === 0 && heap.sample())
    const layer = Layer.mergeAll(
      Layer.succeed(ScoringBucket, {
        bucket: "vf-scoring",
        readObject: () => fanlistFile(options).pipe(Stream.tap(() => Effect.sync(() => ++pieces % 100 === 0 && heap.sample()))),
        putObject: () => Effect.void,
        // The rejects file of the duplicate rows (SPEC §12): taken and counted, not kept.
        writeObject: (_key, body) => Effect.map(Stream.runCount(body), (parts) => ({ bytes: 0, parts }))
      }),
      Layer.succeed(DemandTable, {
        tableName: "counting",
        upsertFanScore: table.upsert,
        upsertStamped: (item) => Effect.map(table.upsert(item), (outcome) => ({ outcome, moves: true })),
        getItem: () => Effect.die("unused"),
        queryPartition: () => Effect.die("unused")
      }),
      Layer.succeed(CampaignDataStream, {
        streamName: "counting",
        openShards: oneShard,
      putRecords: (entries) =>
          Effect.sync(() => {
            streamed += entries.length
            return entries.map((): PutOutcome => ({ accepted: true, shardId: "s", sequenceNumber: "1" }))
          })
      }),
      Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service),
      Layer.succeed(RunProgress, memoryRunProgress(new MemoryDemandTable())),
      Logger.minimumLogLevel(LogLevel.Error)
    )
    return Effect.gen(function* () {
      const result = yield* saveFanlistScores(key)
      expect(result.input).toEqual({ in: 200_000, invalid: 0, duplicate: 150_000, valid: 50_000 })
      expect(result.dynamo).toEqual({ in: 50_000, failed: 0, out: 50_000 })
      expect(result.stream).toEqual({ in: 50_000, failed: 0, out: 50_000 })
      expect(result.errors).toHaveLength(100)
      expect(streamed).toBe(50_000)
      expect(table.prefixes).toEqual({ fan: 16_667, sid: 16_667, email: 16_666 })
      expect(table.unverified).toBe(Array.from({ length: options.fans }, (_, fan) => fan).filter(fanlistUnverified).length)
      expect(table.outOfOrder).toBe(0)
      // 200,000 rows as kept CSV text would be the ~40 MB file; as one small object each,
      // 200,000 × ~350 bytes = ~67 MB. 50,000 fans at ~120 bytes a fan are ~6 MB.
      console.log(`fanlist: peak live heap growth ${(heap.peak / MB).toFixed(1)} MB over ${pieces} pieces`)
      expect(heap.peak).toBeLessThan(15 * MB)
    }).pipe(Effect.provide(layer))
  }, 60_000)
})
