import { Console, Data, Effect, Either, type Layer } from "effect"
import { handleEntryScoring } from "../../../handlers/entryScoringHandler.js"
import { handleSavedScores } from "../../../handlers/savedScoresHandler.js"
import { handleScoresToDynamoDB } from "../../../handlers/scoresToDynamoDBHandler.js"
import type { WorkerMetrics } from "../../../layers/observability/WorkerMetrics.js"
import type { ConsumedBatch } from "../../../lambda/streamConsumer.js"
import { type KeptBatch, KeptBatchUnreadable, readKeptBatch } from "./keptBatch.js"
import { replayedWorker, replayEventOf, type StreamConsumer } from "./replayedWorker.js"

type ServicesOf<H extends (event: unknown) => Effect.Effect<unknown, unknown, unknown>> = Exclude<Effect.Effect.Context<ReturnType<H>>, WorkerMetrics>

/** What each consumer's handler runs on (the Lambda functions' own layers, or in-memory ones in tests). */
export interface ReplayServices {
  readonly scoresToDynamoDB: Layer.Layer<ServicesOf<typeof handleScoresToDynamoDB>, unknown>
  readonly entryScoring: Layer.Layer<ServicesOf<typeof handleEntryScoring>, unknown>
  readonly savedScores: Layer.Layer<ServicesOf<typeof handleSavedScores>, unknown>
}

/** A replay the worker still reports failures of: the command exits non-zero. */
export class StillFailing extends Data.TaggedError("StillFailing")<{ readonly file: string; readonly reason: string }> {
  override get message() {
    return `${this.file}: ${this.reason}`
  }
}

/** One invocation of the worker's handler, through the module Lambda runs. */
const invoke = (worker: StreamConsumer, event: unknown, services: ReplayServices): Effect.Effect<ConsumedBatch<object>, unknown, WorkerMetrics> => {
  switch (worker) {
    case "scoresToDynamoDB":
      return Effect.provide(handleScoresToDynamoDB(event), services.scoresToDynamoDB)
    case "entryScoring":
      return Effect.provide(handleEntryScoring(event), services.entryScoring)
    case "savedScores":
      return Effect.provide(handleSavedScores(event), services.savedScores)
  }
}

const keptLine = (file: string, kept: KeptBatch) => {
  const { shardId, startSequenceNumber, endSequenceNumber, batchSize } = kept.batch
  const why = [kept.condition, kept.keptAt].filter((part) => part !== undefined).join(", ")
  return `${file}: ${batchSize} records of a ${kept.source} batch (${shardId}, ${startSequenceNumber}…${endSequenceNumber})${why === "" ? "" : ` given up on (${why})`}`
}

const resultLine = (worker: StreamConsumer, result: object) =>
  `replayed through ${worker}: ${Object.entries(result)
    .map(([name, value]) => `${name} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ")}`

/** What a replay did: the worker, its result, and what it still could not handle. */
export interface Replayed {
  readonly worker: StreamConsumer
  readonly result: object
  readonly failed: ReadonlyArray<string>
  readonly unreadable: number
}

/**
 * `vf-workers redrive`: invokes the worker that gave up on a kept batch again with the
 * batch's event (replayEventOf), prints what the batch was and what the worker did, and
 * fails when the worker still reports records it could not handle or read.
 */
export const replayKeptBatch = (file: string, services: ReplayServices) =>
  Effect.gen(function* () {
    const kept = yield* readKeptBatch(file)
    const worker = yield* Either.mapLeft(replayedWorker(kept), (reason) => new KeptBatchUnreadable({ file, reason }))
    yield* Console.log(keptLine(file, kept))
    const { reply, result, unreadable } = yield* invoke(worker, replayEventOf(worker, kept), services)
    yield* Console.log(resultLine(worker, result))
    const failed = reply.batchItemFailures.map((failure) => failure.itemIdentifier)
    const still = [
      ...(failed.length === 0 ? [] : [`${failed.length} records still failed (from sequence number ${failed[0]})`]),
      ...(unreadable === 0 ? [] : [`${unreadable} records could not be read`])
    ]
    if (still.length > 0) return yield* new StillFailing({ file, reason: `${worker}: ${still.join("; ")}` })
    yield* Console.log(`${worker} handled every record of the batch`)
    return { worker, result, failed, unreadable } satisfies Replayed
  })
