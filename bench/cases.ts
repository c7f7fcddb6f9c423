/**
 * The benchmark cases. Each loads only the modules it needs (dynamic imports), so that a
 * case's process — and its peak RSS — holds its own code and nothing else.
 */

/**
 * One benchmark case: runs once on the file at `path` (S3 key `key`, under `root`), gives
 * the rows it read, and the seconds of its work when that is not the whole call (a case
 * that starts stand-ins first).
 */
export type BenchCase = (input: { readonly path: string; readonly key: string; readonly root: string }) => Promise<{
  readonly rows: number
  readonly seconds?: number
}>

let workers: Promise<import("effect").ManagedRuntime.ManagedRuntime<import("../src/pipelines/loadScoresToStream/ScrubbedBlockDecoder.js").ScrubbedBlockDecoder, never>> | undefined

/** The worker pool of loadThreads, made on its first run. */
const workerRuntime = () =>
  (workers ??= (async () => {
    const { ManagedRuntime } = await import("effect")
    const { scrubbedBlockWorkers } = await import("../src/layers/node/ScrubbedBlockWorkers.js")
    return ManagedRuntime.make(scrubbedBlockWorkers(Number(process.env["VF_BENCH_THREADS"] ?? 2)))
  })())

/** (c)'s program: the file from a folder as from S3, records into a stream that counts them, the verdict message in memory. */
const loadProgram = async ({ root, key }: { readonly root: string; readonly key: string }) => {
  const { Effect, Layer } = await import("effect")
  const { loadScoresToStream } = await import("../src/pipelines/loadScoresToStream/loadScoresToStream.js")
  const { MemoryVerdictQueue } = await import("../src/local/memory/MemoryVerdictQueue.js")
  const { VerdictQueue } = await import("../src/services/VerdictQueue.js")
  const { CountingStream } = await import("./countingStream.js")
  const { fileBucket } = await import("./fileBucket.js")
  const layer = Layer.mergeAll(fileBucket(root), new CountingStream().layer, Layer.succeed(VerdictQueue, new MemoryVerdictQueue().service))
  return loadScoresToStream(key).pipe(Effect.map((result) => ({ rows: result.in })), Effect.provide(layer), await quietly())
}

/** Logs as the CLI shows them: errors only (a Lambda would also write one warning per invalid row). */
const quietly = async () => {
  const { Logger, LogLevel } = await import("effect")
  return Logger.withMinimumLogLevel(LogLevel.Error)
}

export const cases: Record<string, BenchCase> = {
  /** (a) the parser alone. */
  parse: async ({ path }) => (await import("./rawParse.js")).rawParse(path),

  /** (b) the plain way. */
  baseline: async ({ path }) => (await import("./baseline.js")).baselineLoad(path),

  /** (c) loadScoresToStream, streaming the file as S3 would, into an in-memory stream that only counts. */
  load: async (input) => {
    const { Effect } = await import("effect")
    return Effect.runPromise(await loadProgram(input))
  },

  /**
   * (c) with blocks decoded on VF_BENCH_THREADS worker threads (default 2): the pool is made
   * once per process, as a Lambda container makes it once for its invocations.
   */
  loadThreads: async (input) => (await workerRuntime()).runPromise(await loadProgram(input)),

  /** (d) saveFanlistScores on the in-memory table and campaign data stream. */
  fanlist: async ({ root, key }) => {
    const { Effect } = await import("effect")
    const { saveFanlistScores } = await import("../src/pipelines/saveFanlistScores/saveFanlistScores.js")
    const { MemoryWorld } = await import("../src/local/memory/MemoryWorld.js")
    const { fileBucket } = await import("./fileBucket.js")
    return Effect.runPromise(
      saveFanlistScores(key).pipe(
        Effect.map((result) => ({ rows: result.input.in })),
        Effect.provide(fileBucket(root)), // the file, streamed; the world's own bucket is not used
        Effect.provide(new MemoryWorld({ unread: "dropped" }).layer), // no consumer here: the streams keep nothing
        await quietly()
      )
    )
  },

  /** (e) the whole in-memory flow of `vf-workers run --in-memory <file>`. */
  flow: async ({ path, root }) => (await import("./flowRun.js")).flowRun("in-memory", path, root),

  /** (f) the whole default-mode flow of `vf-workers run <file>` (embedded stand-ins; their start is not timed). */
  flowStandIns: async ({ path, root }) => (await import("./flowRun.js")).flowRun("embedded", path, root)
}
