import { Effect, Layer, Logger, LogLevel } from "effect"
import { MemoryVerdictQueue } from "../src/local/memory/MemoryVerdictQueue.js"
import { SimulatedKinesisStream } from "../src/local/memory/SimulatedKinesisStream.js"
import { loadScoresToStream } from "../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { VerdictQueue } from "../src/services/VerdictQueue.js"
import { scrubbedFileSummary } from "../test/support/scrubbedPlan.js"
import { fileBucket } from "./fileBucket.js"
import { scrubbedBenchFile } from "./files.js"
import type { CapacityResult } from "./report.js"

/**
 * `node kinesisCapacity.js <root> <shards>`: loadScoresToStream of a file with about ten
 * seconds' worth of records for the shards, into a SimulatedKinesisStream; prints one JSON
 * line: records accepted, seconds, entries throttled, records failed, records lost.
 */
const [root, shardsText] = process.argv.slice(2) as [string, string]
const shards = Number(shardsText)
const rows = shards * 20_000 // ~2 rows a fan: ~10 s at 1,000 records/s a shard
const file = await scrubbedBenchFile(root, rows)
const expected = scrubbedFileSummary({ rows, campaignId: "cbench", invalidEvery: 50, maxRanks: 3, seed: 7 }).fans
const stream = new SimulatedKinesisStream("scores-stream", shards)
const layer = Layer.mergeAll(fileBucket(root), stream.layer, Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service))
const started = performance.now()
const result = await Effect.runPromise(loadScoresToStream(file.key).pipe(Effect.provide(layer), Logger.withMinimumLogLevel(LogLevel.Error)))
const seconds = (performance.now() - started) / 1000
const capacity: CapacityResult = {
  shards,
  capacity: stream.capacity,
  records: stream.accepted,
  seconds,
  throttled: stream.throttled,
  failed: result.failed,
  lost: expected - result.out - result.failed
}
process.stdout.write(`${JSON.stringify(capacity)}\n`)
