import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Logger, LogLevel, TestClock } from "effect"
import { handleScoresToDynamoDB } from "../../../src/handlers/scoresToDynamoDBHandler.js"
import { kinesisEventOf } from "../../../src/lambda/events/kinesisEvent.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import type { MemoryStreamFaults } from "../../../src/local/memory/MemoryRecordStream.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { processFanlistFile } from "../../../src/pipelines/processFanlistFile.js"
import { processScrubbedFile } from "../../../src/pipelines/processScrubbedFile.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { type MetricCounts, WorkerMetrics } from "../../../src/services/WorkerMetrics.js"
import { fanRecord } from "../fanRecordFixture.js"
import { scrubbedKey } from "../../support/scrubbedFile.js"

/** SPEC §13: processing success (RecordsWritten ÷ ValidRecords) and stream delivery (StreamRecordsAccepted ÷ StreamRecordsSent) move with what the workers did. */

const recording = () => {
  const published: Array<{ worker: string; counts: MetricCounts }> = []
  return { published, layer: Layer.succeed(WorkerMetrics, { publish: (worker, counts) => Effect.sync(() => void published.push({ worker, counts })) }) }
}

const figures = (counts: MetricCounts | undefined) =>
  Object.fromEntries(Object.entries(counts ?? {}).filter(([name]) => ["ValidRecords", "RecordsWritten", "StreamRecordsSent", "StreamRecordsAccepted"].includes(name)))

const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))
const kinesisEvent = (...values: ReadonlyArray<unknown>) =>
  kinesisEventOf("scores-stream", values.map((value, i) => ({ partitionKey: `p${i}`, sequenceNumber: `4959${String(i).padStart(52, "0")}`, data: encode(value) })))

/** A record of fan g2 refused by the stream on every call (a shard throttled throughout). */
const refusing: MemoryStreamFaults = {
  reject: (entry) =>
    new TextDecoder().decode(entry.data).includes('"g2"') ? { errorCode: "ProvisionedThroughputExceededException", errorMessage: "slow down" } : undefined
}

/** A load through the retries' sleeps (TestClock moved on an hour), its metrics recorded. */
const loaded = (key: string, process: (key: string) => Effect.Effect<unknown, never, never>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(process(key))
    yield* TestClock.adjust("1 hour")
    yield* Fiber.join(fiber)
  })

describe("the success figures' counts", () => {
  it.effect("processing success: the table writer's valid records and those written, a failed write and an invalid record apart", () => {
    const table = new MemoryDemandTable()
    const metrics = recording()
    const failing = DemandTable.of({
      ...table.service,
      upsertFanScore: (item) => (item.PK === "fan:g2" ? Effect.fail(new DemandTableError({ table: "t", operation: "UpdateItem", reason: "throttled" })) : table.upsertFanScore(item))
    })
    return Effect.gen(function* () {
      yield* handleScoresToDynamoDB(kinesisEvent(fanRecord("g1"), "not json", fanRecord("g2"), fanRecord("g3")))
      expect(metrics.published.map((p) => [p.worker, figures(p.counts)])).toEqual([["loadScoresToDynamoDB", { ValidRecords: 3, RecordsWritten: 2 }]])
    }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(DemandTable, failing), Layer.succeed(RunProgress, memoryRunProgress(table)), metrics.layer)))
  })

  it.effect("stream delivery: a scrubbed file's fan records sent and accepted, one refused throughout", () => {
    const metrics = recording()
    const world = new MemoryWorld({ scoresStreamFaults: refusing })
    const key = scrubbedKey("c1")
    world.bucket.objects.set(key, encode(["globalUserId,rank,score,isVerified", "g1,0,0.5,true", "g2,0,0.5,true", "g3,0,0.5,false", "g4,0,x,true"].join("\n")))
    return Effect.gen(function* () {
      yield* loaded(key, (k) => processScrubbedFile(k).pipe(Effect.provide(world.layer), Effect.provide(metrics.layer), Logger.withMinimumLogLevel(LogLevel.None)))
      expect(metrics.published.map((p) => [p.worker, figures(p.counts)])).toEqual([["loadScoresToStream", { StreamRecordsSent: 3, StreamRecordsAccepted: 2 }]])
    })
  })

  it.effect("both for a fanlist: survivors and items the table holds; items put to the campaign-data stream and accepted", () => {
    const metrics = recording()
    const world = new MemoryWorld({ campaignDataStreamFaults: refusing })
    const key = "fanlist/scored/c1/20261207.csv"
    world.bucket.objects.set(key, encode(["globalUserId,score", "g1,0.5", "g2,0.4", "g3,0.3", "g1,0.1", ",0.2"].join("\n")))
    return Effect.gen(function* () {
      yield* loaded(key, (k) => processFanlistFile(k).pipe(Effect.provide(world.layer), Effect.provide(metrics.layer), Logger.withMinimumLogLevel(LogLevel.None)))
      expect(metrics.published.map((p) => [p.worker, figures(p.counts)])).toEqual([
        ["saveFanlistScores", { ValidRecords: 3, RecordsWritten: 3, StreamRecordsSent: 3, StreamRecordsAccepted: 2 }]
      ])
    })
  })
})
