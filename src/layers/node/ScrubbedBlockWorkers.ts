import { createRequire } from "node:module"
import { availableParallelism } from "node:os"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import { Config, Effect, Layer, Queue } from "effect"
import type { DecodedBlock, ScrubbedBlockJob } from "../../pipelines/loadScoresToStream/decodeScrubbedBlock.js"
import { InThreadBlockDecoder, ScrubbedBlockDecoder } from "../../pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
import { settingNames } from "../../services/settingNames.js"

/** Bytes of a block handed to a worker: some 3,000 rows. */
const workerBlockBytes = 512 * 1024

/**
 * tsx's ES-module API, found from this module: an eval'd worker resolves bare imports from
 * the working folder, where tsx may not be (its export map read by hand: vitest's module
 * runner has no import.meta.resolve).
 */
const tsxEsmApi = () => {
  const require = createRequire(import.meta.url)
  const manifest = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> }
  return new URL(manifest.exports["./esm/api"]!.import.default, pathToFileURL(require.resolve("tsx/package.json"))).href
}

/** The worker's module: compiled JavaScript beside this one, or (running from the sources) the TypeScript through tsx. */
const spawn = (): Worker => {
  const fromSources = import.meta.url.endsWith(".ts")
  const script = new URL(fromSources ? "./scrubbedBlockWorker.ts" : "./scrubbedBlockWorker.js", import.meta.url)
  // No options inherited from the process (Lambda starts Node with some a worker may refuse).
  if (!fromSources) return new Worker(script, { execArgv: [] })
  const code = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}) })`
  return new Worker(code, { eval: true, execArgv: [] })
}

/**
 * One worker thread and the job it is on. `busy` from the job's post to its answer: a job
 * interrupted meanwhile leaves the thread busy (its answer is then dropped), and the thread
 * is freed when that answer comes, so an answer is never taken for another job's.
 */
class BlockWorker {
  alive = true
  /** Why the thread died (an error, or an exit nobody asked for): a job given to it after that fails at once. */
  private death: unknown
  busy = false
  /** Interrupted while busy: free the thread when its answer comes. */
  abandoned = false
  private waiting: ((answer: Effect.Effect<DecodedBlock>) => void) | undefined

  constructor(
    private readonly thread: Worker,
    freed: (worker: BlockWorker) => void,
    failed: (worker: BlockWorker) => void
  ) {
    thread.unref() // an idle worker does not keep the process alive; one at work does
    thread.on("message", (decoded: DecodedBlock) => {
      thread.unref()
      this.busy = false
      this.settle(Effect.succeed(decoded))
      if (this.abandoned) {
        this.abandoned = false
        freed(this)
      }
    })
    const died = (error: unknown) => {
      if (!this.alive) return
      this.alive = false
      this.busy = false
      this.death = error
      failed(this)
      this.settle(Effect.die(error))
    }
    thread.on("error", died)
    thread.on("exit", (code) => died(new Error(`block decoder thread exited (code ${code})`)))
  }

  decode(job: ScrubbedBlockJob): Effect.Effect<DecodedBlock> {
    return Effect.async<DecodedBlock>((resume) => {
      // A thread that died before its job came (while the fiber that took it yielded) would never answer.
      if (!this.alive) return resume(Effect.die(this.death))
      this.waiting = resume
      this.busy = true
      this.thread.ref()
      this.thread.postMessage(job, [job.block.bytes.buffer as ArrayBuffer])
      return Effect.sync(() => (this.waiting = undefined))
    })
  }

  terminate() {
    return this.thread.terminate()
  }

  private settle(answer: Effect.Effect<DecodedBlock>) {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.(answer)
  }
}

/** Up to `threads` workers, started when a block first needs one (a file of one block never starts any). */
class WorkerPool {
  private readonly workers = new Set<BlockWorker>()
  private readonly idle = Effect.runSync(Queue.unbounded<BlockWorker>())

  constructor(private readonly threads: number) {}

  /** A block on a thread taken from the idle ones (or started), given back once free: at once if it answered or never got the job, else when it answers. */
  readonly decode = (job: ScrubbedBlockJob): Effect.Effect<DecodedBlock> =>
    Effect.acquireUseRelease(
      this.take(),
      (worker) => worker.decode(job),
      (worker) =>
        Effect.sync(() => {
          if (!worker.alive) return
          if (worker.busy) worker.abandoned = true
          else this.idle.unsafeOffer(worker)
        })
    )

  readonly close = () => Promise.all([...this.workers].map((worker) => worker.terminate()))

  /** An idle thread (one that failed while idle is passed over), a new one while there are fewer than `threads`, else the next one freed. */
  private take(): Effect.Effect<BlockWorker> {
    const live = (worker: BlockWorker) => (worker.alive ? Effect.succeed(worker) : this.take())
    return Effect.flatMap(Queue.poll(this.idle), (idle) => {
      if (idle._tag === "Some") return live(idle.value)
      return this.workers.size < this.threads ? Effect.sync(() => this.start()) : Effect.flatMap(Queue.take(this.idle), live)
    })
  }

  private start(): BlockWorker {
    const worker = new BlockWorker(spawn(), (freed) => this.idle.unsafeOffer(freed), (failed) => this.workers.delete(failed))
    this.workers.add(worker)
    return worker
  }
}

/**
 * Decodes blocks of scrubbed files on up to `threads` worker threads while the calling
 * thread merges fans and sends records. The workers live as long as the layer (scoped).
 */
export const scrubbedBlockWorkers = (threads: number, blockBytes = workerBlockBytes): Layer.Layer<ScrubbedBlockDecoder> =>
  Layer.scoped(
    ScrubbedBlockDecoder,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => new WorkerPool(threads)),
        (pool) => Effect.promise(pool.close)
      ),
      (pool) => ({ concurrency: threads + 1, blockBytes, decode: pool.decode })
    )
  )

/** Memory a Lambda function needs for each vCPU of CPU time (AWS: 1,769 MB is one vCPU; 10,240 MB, six). */
const lambdaMegabytesPerVcpu = 1769

/**
 * The cores there are for this process: on Lambda those its memory pays for (a function of
 * 128–3,008 MB sees two cores, but has the CPU time of less than two), elsewhere the cores
 * Node sees.
 */
export const usableCores = (lambdaMemoryMegabytes: number | undefined, cores = availableParallelism()) =>
  lambdaMemoryMegabytes === undefined ? cores : Math.min(cores, Math.max(1, Math.floor(lambdaMemoryMegabytes / lambdaMegabytesPerVcpu)))

/**
 * Worker threads when there is more than one core: one a core, at most 4 (on 2 cores two
 * workers beside the calling thread load fastest: it waits for them half its time).
 */
export const defaultDecodeThreads = (cores: number) => (cores > 1 ? Math.min(4, cores) : 0)

const decodeThreads = Effect.gen(function* () {
  const lambdaMemory = yield* Config.option(Config.integer(settingNames.lambdaFunctionMemorySize))
  const fallback = defaultDecodeThreads(usableCores(lambdaMemory._tag === "Some" ? lambdaMemory.value : undefined))
  return yield* Config.integer(settingNames.loadDecodeThreads).pipe(Config.withDefault(fallback))
})

/** LOAD_DECODE_THREADS worker threads (default: defaultDecodeThreads of usableCores); 0: blocks are decoded in the calling thread. */
export const ScrubbedBlockWorkersFromConfig = Layer.unwrapEffect(
  Effect.map(decodeThreads, (threads) => (threads > 0 ? scrubbedBlockWorkers(threads) : InThreadBlockDecoder))
)
