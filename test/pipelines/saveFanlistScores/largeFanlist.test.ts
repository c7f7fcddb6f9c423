import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Stream } from "effect"
import v8 from "node:v8"
import vm from "node:vm"
import { MemoryVerdictQueue } from "../../../src/layers/memory/MemoryVerdictQueue.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { CampaignDataStream, type PutOutcome } from "../../../src/services/RecordStream.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { fanlistFile } from "../../support/fanlistFile.js"

const MB = 1024 * 1024
const options = { rows: 200_000, fans: 50_000, padding: 300 }
const key = "fanlist/scored/c1/big.csv"

/** Full collections before each sample: the live heap, not garbage waiting to be collected. */
const heap = () => {
  v8.setFlagsFromString("--expose-gc")
  const gc = vm.runInNewContext("gc") as () => void
  return () => {
    gc()
    return process.memoryUsage().heapUsed
  }
}

describe("saveFanlistScores on a large fanlist", () => {
  it.live("de-duplicates 200,000 rows of 50,000 fans exactly, with memory that follows fans, not rows", () => {
    const liveHeap = heap()
    const base = liveHeap()
    let peak = 0
    let pieces = 0
    let upserts = 0
    let streamed = 0
    const sample = () => void (peak = Math.max(peak, liveHeap() - base))
    const layer = Layer.mergeAll(
      Layer.succeed(ScoringBucket, {
        bucket: "vf-scoring",
        readObject: () => fanlistFile(options).pipe(Stream.tap(() => Effect.sync(() => void (++pieces % 150 === 0 && sample())))),
        putObject: () => Effect.void
      }),
      Layer.succeed(DemandTable, {
        tableName: "counting",
        upsertFanScore: () => Effect.sync(() => (++upserts % 10_000 === 0 && sample(), "created" as const)),
        getItem: () => Effect.die("unused"),
        queryPartition: () => Effect.die("unused")
      }),
      Layer.succeed(CampaignDataStream, {
        streamName: "counting",
        putRecords: (entries) =>
          Effect.sync(() => {
            streamed += entries.length
            return entries.map((): PutOutcome => ({ accepted: true, shardId: "s", sequenceNumber: "1" }))
          })
      }),
      Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service),
      Logger.minimumLogLevel(LogLevel.Error)
    )
    return Effect.gen(function* () {
      const result = yield* saveFanlistScores(key)
      expect(result.input).toEqual({ in: 200_000, invalid: 0, duplicate: 150_000, valid: 50_000 })
      expect(result.dynamo).toEqual({ in: 50_000, failed: 0, out: 50_000 })
      expect(result.stream).toEqual({ in: 50_000, failed: 0, out: 50_000 })
      expect(streamed).toBe(50_000)
      expect(result.errors).toHaveLength(100)
      // The file is ~70 MB; 50,000 kept fans take ~330 bytes each. Ids still cut from the
      // parser's chunks would keep the last quarter of the file alive: ~29 MB.
      console.log(`fanlist: peak live heap growth ${(peak / MB).toFixed(1)} MB over ${pieces} pieces`)
      expect(peak).toBeLessThan(25 * MB)
    }).pipe(Effect.provide(layer))
  }, 60_000)
})
