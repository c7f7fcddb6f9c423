import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Effect, Fiber, Layer, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import {
  defaultDecodeThreads,
  scrubbedBlockWorkers,
  ScrubbedBlockWorkersFromConfig,
  usableCores
} from "../../../src/layers/node/ScrubbedBlockWorkers.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { inThreadBlockDecoder, ScrubbedBlockDecoder } from "../../../src/pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
import { type ScrubbedFileOptions, scrubbedFileSummary, scrubbedFileText, scrubbedKey } from "../../support/scrubbedFile.js"

/** Blocks decoded by two worker threads, handed over and merged back in file order. */

const key = scrubbedKey("c1")
const withoutMeta = (records: ReadonlyArray<string>) => records.map((record) => record.replace(/"__meta":\{[^}]*\}/, ""))

/** The run of a file: its result and its records (partition key and text), with the decoder in context. */
const run = (csv: string) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const load = loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    const result = yield* load
    const text = new TextDecoder()
    return { result, records: world.scoresStream.fanEntries().map((entry) => `${entry.partitionKey} ${text.decode(entry.data)}`) }
  })

const files: ReadonlyArray<ScrubbedFileOptions> = [
  { rows: 4000, seed: 5, invalidEvery: 9, multilineEvery: 11 },
  { rows: 2500, seed: 6, invalidEvery: 4, lineEnd: "\r\n", bom: true, rankColumn: true },
  { rows: 10, seed: 7 }
]

describe("ScrubbedBlockWorkers", () => {
  it.layer(scrubbedBlockWorkers(2, 4096))((it) => {
    it.effect("decode blocks on worker threads into the same result and records as this thread does", () =>
      Effect.gen(function* () {
        const decoder = yield* ScrubbedBlockDecoder
        expect(decoder).toMatchObject({ concurrency: 3, blockBytes: 4096 })
        for (const options of files) {
          const csv = scrubbedFileText(options)
          const threads = yield* run(csv)
          const here = yield* Effect.provide(run(csv), Layer.succeed(ScrubbedBlockDecoder, { ...inThreadBlockDecoder, blockBytes: 1 << 30 }))
          const summary = scrubbedFileSummary(options)
          expect(threads.result).toMatchObject({ in: summary.rows, valid: summary.valid, invalid: summary.invalid, out: summary.fans })
          expect(threads.result).toEqual(here.result)
          expect(withoutMeta(threads.records)).toEqual(withoutMeta(here.records))
        }
      }))

    it.effect("fail a file with a bad header before any worker is asked, and go on serving the next file", () =>
      Effect.gen(function* () {
        const refused = yield* Effect.flip(run("globalUserId,score,isVerified\ng1,0.5,true\n"))
        expect(refused).toMatchObject({ _tag: "UnreadableFile", line: 1 })
        const { result } = yield* run(scrubbedFileText({ rows: 500, seed: 8 }))
        expect(result.in).toBe(500)
      }))
  })
})

const encoder = new TextEncoder()
const job = (csv: string, index = 1, header: ReadonlyArray<string> = ["id", "globalUserId", "score", "isVerified"]) => ({
  block: { index, bytes: encoder.encode(csv), overlong: false },
  file: "scrubbed/x.csv",
  campaignId: "c1",
  campaignIdJson: '"c1"',
  metaJson: "{}",
  header
})

const rowsText = (count: number, fan = "g") => Array.from({ length: count }, (_, i) => `${fan}${i}0,${fan}${i},0.5,true\n`).join("")

describe("ScrubbedBlockWorkers on one thread", () => {
  it.layer(scrubbedBlockWorkers(1))((it) => {
    it.effect("give a job interrupted on the way no answer, and the next job its own", () =>
      Effect.gen(function* () {
        const { decode } = yield* ScrubbedBlockDecoder
        const slow = yield* Effect.fork(decode(job(rowsText(200_000, "slow"))))
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20))) // the job is on the thread
        yield* Fiber.interrupt(slow)
        const next = yield* decode(job(rowsText(3, "next")))
        expect(next.fans.ids).toEqual(["next0", "next1", "next2"])
      }))

    it.effect("replace a thread that failed: the job it had dies, the next one is answered", () =>
      Effect.gen(function* () {
        const { decode } = yield* ScrubbedBlockDecoder
        const broken = yield* Effect.exit(decode(job(rowsText(2), 1, ["name"]))) // a header without rank or id: the rows cannot be read
        expect(broken._tag).toBe("Failure")
        const next = yield* decode(job(rowsText(2, "after")))
        expect(next.fans.ids).toEqual(["after0", "after1"])
      }))
  })
})

describe("ScrubbedBlockWorkersFromConfig", () => {
  const decoderWith = (settings: Record<string, string>) =>
    Effect.scoped(
      Effect.flatMap(Layer.build(ScrubbedBlockWorkersFromConfig), (context) => Effect.succeed(Context.get(context, ScrubbedBlockDecoder).concurrency))
    ).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings)))))

  it("counts on Lambda the cores its memory pays for, not the two it sees", () => {
    expect(usableCores(undefined, 8)).toBe(8)
    expect(usableCores(1024, 2)).toBe(1)
    expect(usableCores(3008, 2)).toBe(1)
    expect(usableCores(3538, 2)).toBe(2)
    expect(usableCores(10240, 6)).toBe(5)
    expect([1, 2, 3, 8].map(defaultDecodeThreads)).toEqual([0, 2, 3, 4])
  })

  it.effect("decodes in the calling thread on a Lambda of one vCPU or with LOAD_DECODE_THREADS=0, else on worker threads", () =>
    Effect.gen(function* () {
      expect(yield* decoderWith({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1769" })).toBe(1)
      expect(yield* decoderWith({ LOAD_DECODE_THREADS: "0" })).toBe(1)
      expect(yield* decoderWith({ LOAD_DECODE_THREADS: "3" })).toBe(4) // three threads, a block more in flight
      expect(yield* decoderWith({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "3538", LOAD_DECODE_THREADS: "1" })).toBe(2)
    }))
})
