import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Config, Effect, Layer, Queue } from "effect"
import type { DecodedBlock, ScrubbedBlockJob } from "../../pipelines/loadScoresToStream/decodeScrubbedBlock.js"
import { InThreadBlockDecoder, ScrubbedBlockDecoder } from "../../pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"

/** Bytes of a block handed to a worker: some 3,000 rows. */
const workerBlockBytes = 512 * 1024

/** The worker's module: compiled JavaScript beside this one, or (running from the sources) the TypeScript through tsx. */
const spawn = (): Worker => {
  const fromSources = import.meta.url.endsWith(".ts")
  const script = new URL(fromSources ? "./scrubbedBlockWorker.ts" : "./scrubbedBlockWorker.js", import.meta.url)
  if (!fromSources) return new Worker(script)
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(script.href)}) })`
  return new Worker(code, { eval: true })
}

/** One block on one worker: the worker is taken from the idle ones, and given back once it answers. */
const decodeOn = (idle: Queue.Queue<Worker>, job: ScrubbedBlockJob): Effect.Effect<DecodedBlock> =>
  Effect.acquireUseRelease(
    Queue.take(idle),
    (worker) =>
      Effect.async<DecodedBlock>((resume) => {
        const answered = (decoded: DecodedBlock) => {
          worker.off("error", failed)
          worker.unref()
          resume(Effect.succeed(decoded))
        }
        const failed = (error: Error) => {
          worker.off("message", answered)
          resume(Effect.die(error))
        }
        worker.once("message", answered)
        worker.once("error", failed)
        worker.ref() // an idle worker does not keep the process alive; one at work does
        worker.postMessage(job, [job.block.bytes.buffer as ArrayBuffer])
      }),
    (worker) => Queue.offer(idle, worker)
  )

/**
 * Decodes blocks of scrubbed files on `threads` worker threads while the calling thread
 * merges fans and sends records. The workers live as long as the layer (scoped).
 */
export const scrubbedBlockWorkers = (threads: number, blockBytes = workerBlockBytes): Layer.Layer<ScrubbedBlockDecoder> =>
  Layer.scoped(
    ScrubbedBlockDecoder,
    Effect.gen(function* () {
      const workers = yield* Effect.acquireRelease(
        Effect.sync(() => Array.from({ length: threads }, spawn)),
        (workers) => Effect.promise(() => Promise.all(workers.map((worker) => worker.terminate())))
      )
      for (const worker of workers) worker.unref()
      const idle = yield* Queue.unbounded<Worker>()
      yield* Queue.offerAll(idle, workers)
      return { concurrency: threads + 1, blockBytes, decode: (job) => decodeOn(idle, job) }
    })
  )

/**
 * LOAD_DECODE_THREADS worker threads (default: one per core but one, at most 4; none on a
 * single core, where blocks are decoded in the calling thread).
 */
export const ScrubbedBlockWorkersFromConfig = Layer.unwrapEffect(
  Effect.map(Config.integer("LOAD_DECODE_THREADS").pipe(Config.withDefault(Math.min(4, availableParallelism() - 1))), (threads) =>
    threads > 0 ? scrubbedBlockWorkers(threads) : InThreadBlockDecoder
  )
)
