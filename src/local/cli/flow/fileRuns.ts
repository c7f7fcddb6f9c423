import { FileSystem } from "@effect/platform"
import { Deferred, Effect, Either, Ref } from "effect"
import { objectCreatedEvent } from "../../../lambda/events/s3Event.js"
import { driveUntilQuiet, type FlowResults } from "../driveFlow.js"
import { plural } from "../format.js"
import { objectKeyOf } from "../objectKey.js"
import type { Progress } from "../progress.js"
import { type RunEntry, sumResults } from "../RunReport.js"
import type { GivenUp } from "../streamDelivery.js"
import type { FlowSide } from "./FlowSide.js"
import { loadOne, putFile } from "./lambdaLoad.js"
import type { RecordKeeper } from "./RecordKeeper.js"
import type { Watch } from "./runWatch.js"

import { togetherKey } from "./togetherKey.js"

const entry = (key: string, worker: string, results: ReadonlyArray<object>): Array<RunEntry> =>
  results.length === 0 ? [] : [{ key, worker, result: sumResults(results) } as RunEntry]

/** The consumers' entries of the report, under `key`. */
const flowEntries = (key: string, flow: FlowResults) => [
  ...entry(key, "loadScoresToDynamoDB", flow.toTable),
  ...entry(key, "saveEntryScoring", flow.toEntry),
  ...entry(key, "processSavedScores", flow.savedScores),
  ...entry(key, "verdictReporter", flow.reporter)
]

export interface Run {
  readonly side: FlowSide
  readonly watch: Watch
  readonly progress: Progress
  readonly givenUp: Array<GivenUp>
  readonly keeper: RecordKeeper
  readonly invocationSeconds: number | undefined
}

/** A file's S3 event, once it is in the bucket. */
const eventOf = (run: Run, key: string, file: string) =>
  Effect.map(Effect.flatMap(FileSystem.FileSystem, (fs) => fs.stat(file)), (stat) => objectCreatedEvent(run.side.bucket, key, Number(stat.size), run.side.region))

/**
 * Runs `loads` with the consumers: beside them where the side consumes while loading, else
 * once a file has loaded. `loads` is given what to run as each file's load ends (`loaded`).
 */
const withConsumers = <A, E, R>(run: Run, loads: (loading: Ref.Ref<number>, loaded: Effect.Effect<void>) => Effect.Effect<A, E, R>, together: boolean) =>
  Effect.gen(function* () {
    const [loading, ready] = [yield* Ref.make(1), yield* Deferred.make<void>()]
    // The loops are woken when a load ends: its last records and its verdict message are read at once.
    const wake = { loops: () => {} }
    const oneLoaded = Ref.update(loading, (n) => n - 1).pipe(Effect.zipRight(Deferred.succeed(ready, undefined)), Effect.zipRight(Effect.sync(() => wake.loops())))
    const done = Effect.all([Ref.set(loading, 0), Deferred.succeed(ready, undefined), Effect.sync(() => wake.loops())])
    const load = loads(loading, oneLoaded).pipe(Effect.ensuring(done))
    const consumeNow = run.side.consumeWhileLoading
    const options = { loading: Effect.map(Ref.get(loading), (n) => n > 0), together, wakeWith: (loops: () => void) => void (wake.loops = loops) }
    const drive = Effect.zipRight(consumeNow ? Effect.void : Deferred.await(ready), driveUntilQuiet(run.side, run.progress, options))
    const [loaded, flow] = yield* Effect.all([load, drive], { concurrency: consumeNow || together ? 2 : 1 })
    run.givenUp.push(...flow.givenUp)
    return { loaded, flow }
  })

/** One file through the whole flow: put into the bucket, its S3 handler run as Lambda would, then every consumer until the flow is quiet. */
export const runFile = (run: Run) => (file: string, index: number, total: number) =>
  Effect.gen(function* () {
    const key = objectKeyOf(file)
    if (Either.isLeft(key)) {
      yield* run.progress.say(`[${index + 1}/${total}] ${key.left}`)
      return [{ key: file, worker: "none", error: key.left } satisfies RunEntry]
    }
    yield* putFile(run.side, key.right, file)
    const event = yield* eventOf(run, key.right, file)
    const load = loadOne(event, `[${index + 1}/${total}] ${key.right}`, run)
    const { loaded, flow } = yield* withConsumers(run, () => load, false)
    return [loaded, ...flowEntries(loaded.key, flow)]
  })

/**
 * Every file at once, as S3 invokes the loader for files dropped together: all uploaded,
 * then every load concurrently, the consumers beside them, until the flow is quiet. The
 * files' outcomes in the order given, then the consumers' (their batches mix the files).
 */
export const runTogether = (run: Run) => (files: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const keys = files.map(objectKeyOf)
    for (const [i, key] of keys.entries()) if (Either.isLeft(key)) yield* run.progress.say(`[${i + 1}/${files.length}] ${key.left}`)
    const valid = keys.flatMap((key, i) => (Either.isRight(key) ? [{ file: files[i]!, key: key.right, index: i }] : []))
    if (valid.length === 0) return keys.map((key, i) => ({ key: files[i]!, worker: "none", error: Either.isLeft(key) ? key.left : "" }) satisfies RunEntry)
    yield* Effect.forEach(valid, ({ file, key }) => putFile(run.side, key, file), { concurrency: "unbounded", discard: true })
    const events = yield* Effect.forEach(valid, ({ file, key }) => eventOf(run, key, file))
    yield* run.progress.say(`${plural(valid.length, "file")} uploaded together: every load at once`)
    const loads = (loading: Ref.Ref<number>, loaded: Effect.Effect<void>) =>
      Ref.set(loading, valid.length).pipe(
        Effect.zipRight(
          Effect.forEach(
            valid,
            ({ key, index }, i) =>
              loadOne(events[i]!, `[${index + 1}/${files.length}] ${key}`, run).pipe(Effect.ensuring(loaded)),
            { concurrency: "unbounded" }
          )
        )
      )
    const { loaded, flow } = yield* withConsumers(run, loads, true)
    const outcomes = new Map(valid.map(({ index }, i) => [index, loaded[i]!] as const))
    const fileEntries = keys.map((key, i): RunEntry => outcomes.get(i) ?? { key: files[i]!, worker: "none", error: Either.isLeft(key) ? key.left : "" })
    return [...fileEntries, ...flowEntries(togetherKey, flow)]
  })
