import { Effect, Layer, Logger, LogLevel } from "effect"
import { loadScoresToStream } from "../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { MemoryVerdictQueue } from "../src/layers/memory/MemoryVerdictQueue.js"
import { VerdictQueue } from "../src/services/VerdictQueue.js"
import { fileBucket } from "./fileBucket.js"
import { CountingStream } from "./countingStream.js"
import { scrubbedBenchFile } from "./files.js"

const rows = Number(process.argv[2] ?? 200000)
const file = await scrubbedBenchFile("/tmp/benchfiles", rows)
for (let i = 0; i < Number(process.argv[3] ?? 3); i++) {
  const stream = new CountingStream()
  const t = performance.now()
  const result = await Effect.runPromise(loadScoresToStream(file.key).pipe(Effect.provide(Layer.mergeAll(fileBucket("/tmp/benchfiles"), stream.layer, Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service))), Logger.withMinimumLogLevel(LogLevel.Error)))
  const s = (performance.now() - t) / 1000
  console.log(JSON.stringify({ rows: result.in, out: result.out, invalid: result.invalid, s: s.toFixed(2), rps: Math.round(result.in / s), MBps: (file.bytes / s / 1e6).toFixed(1), rss: Math.round(process.resourceUsage().maxRSS / 1024) }))
}
