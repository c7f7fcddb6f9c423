import { FileSystem } from "@effect/platform"
import { dirname } from "node:path"
import { Effect, Either, Fiber, Layer, Stream } from "effect"
import { decodeObjectKey, type objectCreatedEvent } from "../../../lambda/events/s3Event.js"
import { handleScoringBucketEvent } from "../../../handlers/scoringBucketHandler.js"
import type { FileOutcome } from "../../../pipelines/run/fileOutcome.js"
import { LoadContinuations } from "../../../services/LoadContinuations.js"
import { LoadDeadline } from "../../../services/LoadDeadline.js"
import { ScoringBucket } from "../../../services/ScoringBucket.js"
import { fileLine } from "../fileLine.js"
import { type Progress, secondsSince } from "../progress.js"
import type { FlowSide } from "./FlowSide.js"
import type { RecordKeeper } from "./RecordKeeper.js"
import { loadProgress } from "./loadProgress.js"
import { fileSize } from "../progressBar.js"
import type { Watch } from "./runWatch.js"

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
export const loadAsLambdaWould = (event: ReturnType<typeof objectCreatedEvent>, progress: Progress, invocationSeconds: number | undefined) =>
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
export const keepRejects = (outcome: FileOutcome, keeper: RecordKeeper) =>
  Effect.gen(function* () {
    const rejects = "result" in outcome ? outcome.result.rejects : undefined
    if (rejects === undefined || rejects.failed !== undefined || keeper.objectPath === undefined) return
    const fs = yield* FileSystem.FileSystem
    const target = keeper.objectPath(rejects.key)
    yield* fs.makeDirectory(dirname(target), { recursive: true })
    yield* Stream.run((yield* ScoringBucket).readObject(rejects.key), fs.sink(target))
  })

/** Puts a local file into the bucket under `key` as it is read (multipart on S3), never held whole: a file may be larger than the memory a run should take. */
export const putFile = (side: FlowSide, key: string, file: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    if (side.putFile !== undefined) yield* side.putFile(key, file)
    else yield* (yield* ScoringBucket).writeObject(key, fs.stream(file), { contentType: "text/csv" })
  })

/** What a load needs of its run: where it says how it goes, where the dump keeps objects, how long an invocation lasts. */
export interface LoadRun {
  readonly progress: Progress
  readonly keeper: RecordKeeper
  readonly invocationSeconds: number | undefined
  readonly watch: Watch
}

/** The object an S3 event names (its key decoded) and its size. */
const objectOf = (event: ReturnType<typeof objectCreatedEvent>) => {
  const object = event.Records[0]!.s3.object
  return { key: Either.getOrElse(decodeObjectKey(object.key), () => object.key), size: object.size }
}

/**
 * A file's load as Lambda runs it, said when done (`<label>: …`, the label `[n/total] key`), its rejects file
 * copied to where the keeper keeps objects; gives its outcome (with how many invocations
 * it took when there were several).
 */
export const loadOne = (event: ReturnType<typeof objectCreatedEvent>, label: string, run: LoadRun) =>
  Effect.gen(function* () {
    const { progress, keeper, invocationSeconds } = run
    const started = performance.now()
    const { key, size } = objectOf(event)
    // Said at once, then the load's progress while it runs (a bar on a terminal, else a line every few seconds).
    yield* progress.say(`${label}: loading ${fileSize(size)}`)
    const ticker = yield* Effect.fork(loadProgress(progress, run.watch, key, label, size))
    const { reply, invocations } = yield* loadAsLambdaWould(event, progress, invocationSeconds).pipe(
      Effect.ensuring(Effect.zipRight(Fiber.interrupt(ticker), Effect.sync(() => run.watch.reads.forget(key))))
    )
    const loaded = reply.files[0]!
    // How many invocations a load took is said when there were several.
    const outcome: FileOutcome = invocations > 1 && "result" in loaded ? ({ ...loaded, invocations } as FileOutcome) : loaded
    yield* progress.say(`${label}: ${fileLine(outcome, secondsSince(started))}`)
    yield* keepRejects(outcome, keeper)
    return outcome
  })
