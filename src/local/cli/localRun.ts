import { Context, Effect, Layer, type Option } from "effect"
import { ScrubbedBlockWorkersFromConfig } from "../../layers/node/ScrubbedBlockWorkers.js"
import type { SlackPost } from "../standIns/SlackStandIn.js"
import type { SentMessage } from "../memory/MemoryVerdictQueue.js"
import { type Run, runFile, runTogether } from "./flow/fileRuns.js"
import type { EndState, FlowSide } from "./flow/FlowSide.js"
import { noKeeper } from "./flow/RecordKeeper.js"
import { ObjectReads } from "./flow/objectReads.js"
import { type Watch, watched } from "./flow/runWatch.js"
import { localServices, type LocalServicesOptions } from "./localServices.js"
import type { Progress } from "./progress.js"
import { secondsSince } from "./progress.js"
import type { RunEntry } from "./RunReport.js"
import type { GivenUp } from "./streamDelivery.js"

export { togetherKey } from "./flow/togetherKey.js"

/** What a local run leaves behind: each file's outcomes, and the end state. */
export interface LocalRun {
  readonly mode: string
  readonly files: ReadonlyArray<RunEntry>
  readonly end: EndState
  /** Every message sent to the verdict queue, in order. */
  readonly sent: ReadonlyArray<SentMessage>
  /** What the Entry Service stand-in was sent (the POSTs themselves went to the run's RecordKeeper). */
  readonly entryService: { readonly posts: number; readonly records: number }
  readonly slackPosts: ReadonlyArray<SlackPost>
  readonly seconds: number
  /** Stream records the runner's mappings gave up on after their retries (as the on-failure destinations would keep them). */
  readonly givenUp: ReadonlyArray<GivenUp>
}

export interface RunOptions extends LocalServicesOptions {
  /** Every file uploaded at once and loaded concurrently, the consumers beside (`--together`); else one file after another. */
  readonly together?: boolean
}

/**
 * Runs files through the whole system on an AWS side (in memory, embedded stand-ins or an
 * endpoint) with local HTTP stand-ins of the Campaign Service, the Entry Service and
 * Slack: in the order given, each until the flow is quiet before the next starts, or
 * (`together`) all at once.
 */
export const runFiles = (side: FlowSide, files: ReadonlyArray<string>, campaignsFile: Option.Option<string>, progress: Progress, options: RunOptions = {}) =>
  Effect.gen(function* () {
    const http = yield* localServices(campaignsFile, options)
    const watch: Watch = { sent: [], records: 0, reads: new ObjectReads() }
    const decoding = yield* Layer.build(ScrubbedBlockWorkersFromConfig)
    const services = Context.mergeAll(watched(side.services, watch), yield* Layer.build(http.layer), decoding)
    const started = performance.now()
    const run: Run = { side, watch, progress, givenUp: [], keeper: options.keeper ?? noKeeper, invocationSeconds: options.invocationSeconds }
    const all = Effect.gen(function* () {
      if (options.together === true) return [yield* runTogether(run)(files)]
      return yield* Effect.forEach(files, (file, index) => runFile(run)(file, index, files.length))
    })
    const outcomes = yield* all.pipe(Effect.provide(services), Effect.withConfigProvider(http.settings))
    const seconds = secondsSince(started)
    const end = yield* side.endState
    const entryService = { posts: http.entryBook.postCount, records: http.entryBook.recordCount }
    const { slackPosts } = http
    return { mode: side.mode, files: outcomes.flat(), end, sent: watch.sent, entryService, slackPosts, seconds, givenUp: run.givenUp } satisfies LocalRun
  })
