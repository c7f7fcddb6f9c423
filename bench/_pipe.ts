import { Effect, Logger, LogLevel, Stream } from "effect"
import { csvRecords } from "../src/pipelines/shared/csvStream.js"
import { ScrubbedRun } from "../src/pipelines/loadScoresToStream/ScrubbedRun.js"
import { deliverBatch } from "../src/pipelines/shared/deliverRecords.js"
import { ScrubbedRowDecoder } from "../src/pipelines/loadScoresToStream/decodeScrubbedRows.js"
import { FanCombiner } from "../src/pipelines/loadScoresToStream/combineFans.js"
import { fanRecordJson } from "../src/pipelines/loadScoresToStream/fanRecordJson.js"
import { Chunk, Either } from "effect"
import { outbound } from "../src/pipelines/shared/recordBatches.js"
import { ScoringBucket } from "../src/services/ScoringBucket.js"
import { fileBucket } from "./fileBucket.js"
import { CountingStream } from "./countingStream.js"
const v = Number(process.argv.at(-1))
const key = "scrubbed/registrants.cbench.Benchmark.200000.cleaned.prepared.merged.csv"
const once = Effect.gen(function* () {
  const bucket = yield* ScoringBucket
  const run = new ScrubbedRun(key, "cbench", { correlation: "x", date: 1, source: "s3://b/k" })
  const stream = new CountingStream()
  let s: Stream.Stream<unknown, unknown> = v === 0 ? csvRecords(key, bucket.readObject(key)) : v === -1 ? bucket.readObject(key) : csvRecords(key, bucket.readObject(key)).pipe(Stream.mapChunksEffect(run.fanRecords), Stream.concat(run.lastRecords))
  if (v >= 2) s = (s as Stream.Stream<any>).pipe(Stream.mapChunks(run.batch), Stream.concat(run.lastBatch))
  if (v >= 3) s = (s as Stream.Stream<any>).pipe(Stream.mapEffect((b: any) => deliverBatch(stream, b), { concurrency: v === 3 ? 4 : 1 }))
  if (v === 12) s = csvRecords(key, bucket.readObject(key)).pipe(Stream.mapChunksEffect(run.fanRecords))
  if (v === 13) s = csvRecords(key, bucket.readObject(key)).pipe(Stream.mapChunks((c) => Effect.runSync(run.fanRecords(c))))
  if (v >= 5 && v <= 14 && v !== 12 && v !== 13) {
    const dec = new ScrubbedRowDecoder(key, "cbench")
    let fans = 0
    let out: unknown[] = []
    const comb = new FanCombiner({ fan: (g) => { fans++; if (v >= 7) { const j = fanRecordJson(v === 14 ? '"cbench"' : '"c"', g, v === 14 ? JSON.stringify({ correlation: "x", date: 1, source: "s3://b/k" }) : "{}"); if (v === 8) out.push(j); if (v >= 9) out.push(outbound(g.globalUserId, j, 1)) } }, reject: () => {} })
    const stage = (records: Chunk.Chunk<any>) => {
      for (const r of records) {
        if (!dec.ready) { Either.getOrThrow(dec.header(r)); continue }
        const row = dec.row(r)
        if (v >= 6 && !("_tag" in row)) comb.push(row)
      }
      const o = out
      out = []
      return v === 8 || v >= 10 ? Chunk.unsafeFromArray(o) : Chunk.empty()
    }
    s = csvRecords(key, bucket.readObject(key)).pipe(v === 11 || v === 14 ? Stream.mapChunksEffect((c) => Effect.succeed(stage(c))) : Stream.mapChunks(stage))
  }
  const t = performance.now()
  yield* Stream.runDrain(s)
  return (performance.now() - t) / 1000
})
const times: number[] = []
for (let i = 0; i < 5; i++) times.push(await Effect.runPromise(once.pipe(Effect.provide(fileBucket("/tmp/benchfiles")), Logger.withMinimumLogLevel(LogLevel.Error))))
console.log(v, times.map((t) => t.toFixed(2)).join(" "))
