import { FileSystem } from "@effect/platform"
import { dirname } from "node:path"
import { Context, Effect, Either, Fiber, Layer, type Option, Ref, Stream } from "effect"
import { objectCreatedEvent } from "../handlers/s3Event.js"
import { handleScoringBucketEvent } from "../handlers/scoringBucketHandler.js"
import { ScrubbedBlockWorkersFromConfig } from "../layers/node/ScrubbedBlockWorkers.js"
import type { SlackPost } from "../layers/local/SlackStandIn.js"
import type { SentMessage } from "../layers/memory/MemoryVerdictQueue.js"
import type { FileOutcome } from "../pipelines/fileOutcome.js"
import { LoadContinuations } from "../services/LoadContinuations.js"
import { LoadDeadline } from "../services/LoadDeadline.js"
import { ScoresStream } from "../services/RecordStream.js"
import { ScoringBucket } from "../services/ScoringBucket.js"
import { VerdictQueue } from "../services/VerdictQueue.js"
import { driveUntilQuiet } from "./driveFlow.js"
import { fileLine } from "./fileLine.js"
import type { EndState, FlowSide } from "./flow/FlowSide.js"
import { noKeeper, type RecordKeeper } from "./flow/RecordKeeper.js"
import { plural } from "./format.js"
import { localServices, type LocalServicesOptions } from "./localServices.js"
import { objectKeyOf } from "./objectKey.js"
import { type Progress, rate, secondsSince } from "./progress.js"
import { type RunEntry, sumResults } from "./RunReport.js"
import type { GivenUp } from "./streamDelivery.js"

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
  /** Stream records the runner's mappings gave up on after their retries (as the on-failure queues would hold them). */
  readonly givenUp: ReadonlyArray<GivenUp>
}

/** What the runner watches on the side's services: the messages sent to the verdict queue, the records put to the scores stream. */
interface Watch {
  readonly sent: Array<SentMessage>
  records: number
}

const watched = (services: FlowSide["services"], watch: Watch) => {
  const queue = Context.get(services, VerdictQueue)
  const stream = Context.get(services, ScoresStream)
  return services.pipe(
    Context.add(
      VerdictQueue,
      VerdictQueue.of({
        send: (body, delaySeconds) =>
          Effect.tap(queue.send(body, delaySeconds), () => void watch.sent.push({ body, delaySeconds: delaySeconds ?? 0 }))
      })
    ),
    Context.add(ScoresStream, {
      ...stream,
      // Fan records only: end-of-file marks are the entries put to a shard by hash key.
      putRecords: (entries) =>
        Effect.tap(stream.putRecords(entries), (outcomes) => {
          watch.records += outcomes.filter((outcome, i) => outcome.accepted && entries[i]?.explicitHashKey === undefined).length
        })
    })
  )
}

/** Every 2 s while a file loads: how many records the scores stream has taken so far. */
const loadTicker = (watch: Watch, progress: Progress) =>
  Effect.gen(function* () {
    const [from, started] = [watch.records, performance.now()]
    for (;;) {
      yield* Effect.sleep("2 seconds")
      const n = watch.records - from
      yield* progress.say(`  … ${plural(n, "record")} on the scores stream (${rate(n, secondsSince(started), "records")})`)
    }
  })

const entry = (key: string, worker: string, results: ReadonlyArray<object>): Array<RunEntry> =>
  results.length === 0 ? [] : [{ key, worker, result: sumResults(results) } as RunEntry]

/** S3 invokes its function asynchronously: a failed invocation is tried twice more (the same event: the same run). */
const asyncInvocationRetries = 2

/**
 * One invocation of the S3 handler as Lambda would make it, tried again (the same event)
 * when it fails; the continuations it handed on (as Lambda queues them) come back with its reply.
 */
const invokeAsLambdaWould = (event: unknown, progress: Progress, invocationSeconds: number | undefined) =>
  Effect.gen(function* () {
    const deadline = invocationSeconds === undefined ? LoadDeadline.unlimited : LoadDeadline.lasting(invocationSeconds * 1000)
    const handedOn: Array<object> = []
    const continuations = Layer.succeed(LoadContinuations, { handOn: (next) => Effect.sync(() => void handedOn.push(next)) })
    for (let attempt = 0; ; attempt++) {
      const reply = yield* handleScoringBucketEvent(event).pipe(Effect.provide(deadline), Effect.provide(continuations))
      const failed = reply.files.find((file) => "error" in file)
      if (failed === undefined || attempt >= asyncInvocationRetries) return { reply, handedOn }
      yield* progress.say(`  ${failed.key}: the invocation failed (${"error" in failed ? failed.error : ""}); S3 invokes it again`)
      yield* Effect.sleep("200 millis") // a minute and two on Lambda; a file that cannot be read fails the same each time
    }
  })

/**
 * A file's load as Lambda runs it: the S3 event's invocation, then each continuation its
 * load asks for (a self-invocation on Lambda), until the load is done. Gives the last
 * invocation's reply, and how many invocations the load took.
 */
const loadAsLambdaWould = (event: ReturnType<typeof objectCreatedEvent>, progress: Progress, invocationSeconds: number | undefined) =>
  Effect.gen(function* () {
    let { reply, handedOn } = yield* invokeAsLambdaWould(event, progress, invocationSeconds)
    let invocations = 1
    for (let next = handedOn.shift(); next !== undefined; next = handedOn.shift()) {
      invocations++
      yield* progress.say(`  ${reply.files[0]?.key}: near the end of its invocation; goes on in invocation ${invocations}`)
      const continued = yield* invokeAsLambdaWould(next, progress, invocationSeconds)
      reply = continued.reply
      handedOn.push(...continued.handedOn)
    }
    return { reply, invocations }
  })

/** Copies a loaded file's rejects file from the bucket to where the keeper keeps objects (the dump's `rejects/…`). */
const keepRejects = (outcome: FileOutcome, keeper: RecordKeeper) =>
  Effect.gen(function* () {
    const rejects = "result" in outcome ? outcome.result.rejects : undefined
    if (rejects === undefined || rejects.failed !== undefined || keeper.objectPath === undefined) return
    const fs = yield* FileSystem.FileSystem
    const target = keeper.objectPath(rejects.key)
    yield* fs.makeDirectory(dirname(target), { recursive: true })
    yield* Stream.run((yield* ScoringBucket).readObject(rejects.key), fs.sink(target))
  })

/**
 * One file through the whole flow: put into the bucket under its key, the S3 handler run
 * on its ObjectCreated event as Lambda would, then every consumer until the flow is quiet.
 */
const runFile = (side: FlowSide, watch: Watch, progress: Progress, givenUp: Array<GivenUp>, keeper: RecordKeeper, invocationSeconds?: number) => (file: string, index: number, total: number) =>
  Effect.gen(function* () {
    const key = objectKeyOf(file)
    if (Either.isLeft(key)) {
      yield* progress.say(`[${index + 1}/${total}] ${key.left}`)
      return [{ key: file, worker: "none", error: key.left } satisfies RunEntry]
    }
    const fs = yield* FileSystem.FileSystem
    const bytes = Number((yield* fs.stat(file)).size)
    // Put as it is read (multipart on S3), never held whole: a file may be larger than the memory a run should take.
    if (side.putFile !== undefined) yield* side.putFile(key.right, file)
    else yield* (yield* ScoringBucket).writeObject(key.right, fs.stream(file), { contentType: "text/csv" })
    const started = performance.now()
    const ticker = yield* Effect.fork(loadTicker(watch, progress))
    const event = objectCreatedEvent(side.bucket, key.right, bytes, side.region)
    const loading = yield* Ref.make(true)
    const load = Effect.gen(function* () {
      const { reply, invocations } = yield* loadAsLambdaWould(event, progress, invocationSeconds).pipe(Effect.ensuring(Fiber.interrupt(ticker)))
      const loaded = reply.files[0]!
      // How many invocations a load took is said when there were several (issue 17).
      const outcome: FileOutcome = invocations > 1 && "result" in loaded ? ({ ...loaded, invocations } as FileOutcome) : loaded
      yield* progress.say(`[${index + 1}/${total}] ${key.right}: ${fileLine(outcome, secondsSince(started))}`)
      yield* keepRejects(outcome, keeper)
      return outcome
    }).pipe(Effect.ensuring(Ref.set(loading, false)))
    // The consumers run while the file loads, as the event source mappings poll during a load (where the side does).
    const drive = driveUntilQuiet(side, progress, Ref.get(loading))
    const [loaded, flow] = yield* Effect.all([load, drive], { concurrency: side.consumeWhileLoading ? 2 : 1 })
    givenUp.push(...flow.givenUp)
    return [
      loaded,
      ...entry(loaded.key, "loadScoresToDynamoDB", flow.toTable),
      ...entry(loaded.key, "saveEntryScoring", flow.toEntry),
      ...entry(loaded.key, "processSavedScores", flow.savedScores),
      ...entry(loaded.key, "verdictReporter", flow.reporter)
    ]
  })

/**
 * Runs files through the whole system on an AWS side (in memory, embedded stand-ins or an
 * endpoint) with local HTTP stand-ins of the Campaign Service, the Entry Service and
 * Slack, in the order given, each until the flow is quiet before the next starts.
 */
export const runFiles = (
  side: FlowSide,
  files: ReadonlyArray<string>,
  campaignsFile: Option.Option<string>,
  progress: Progress,
  options: LocalServicesOptions = {}
) =>
  Effect.gen(function* () {
    const http = yield* localServices(campaignsFile, options)
    const watch: Watch = { sent: [], records: 0 }
    const decoding = yield* Layer.build(ScrubbedBlockWorkersFromConfig)
    const services = Context.mergeAll(watched(side.services, watch), yield* Layer.build(http.layer), decoding)
    const started = performance.now()
    const givenUp: Array<GivenUp> = []
    const run = runFile(side, watch, progress, givenUp, options.keeper ?? noKeeper, options.invocationSeconds)
    const outcomes = yield* Effect.forEach(files, (file, index) => run(file, index, files.length)).pipe(
      Effect.provide(services),
      Effect.withConfigProvider(http.settings)
    )
    const seconds = secondsSince(started)
    const end = yield* side.endState
    const entryService = { posts: http.entryBook.postCount, records: http.entryBook.recordCount }
    const { slackPosts } = http
    return { mode: side.mode, files: outcomes.flat(), end, sent: watch.sent, entryService, slackPosts, seconds, givenUp } satisfies LocalRun
  })
