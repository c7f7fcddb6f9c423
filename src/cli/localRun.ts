import { FileSystem } from "@effect/platform"
import { Effect, Either, Layer } from "effect"
import { handleScoringBucketEvent } from "../handlers/scoringBucketHandler.js"
import { objectCreatedEvent } from "../handlers/s3Event.js"
import { MemoryWorld } from "../layers/memory/MemoryWorld.js"
import { MetricsIgnored } from "../layers/observability/WorkerMetrics.js"
import type { FileOutcome } from "../pipelines/processScoringFile.js"
import { ScoresStreamName, ScoringBucketName } from "../services/Settings.js"
import { objectKeyOf } from "./objectKey.js"

/** What a local run leaves behind: each file's outcome, and the world's end state. */
export interface LocalRun {
  readonly files: ReadonlyArray<FileOutcome>
  readonly world: MemoryWorld
  readonly seconds: number
}

/** Puts one file into the bucket under its key, then runs the S3 handler on its event. */
const runFile = (world: MemoryWorld, file: string) =>
  Effect.gen(function* () {
    const key = objectKeyOf(file)
    if (Either.isLeft(key)) return { key: file, worker: "none", error: key.left } satisfies FileOutcome
    const fs = yield* FileSystem.FileSystem
    const body = yield* fs.readFile(file)
    yield* world.bucket.service.putObject(key.right, body)
    const event = objectCreatedEvent(world.bucket.bucket, key.right, body.length)
    const reply = yield* handleScoringBucketEvent(event)
    return reply.files[0]!
  }).pipe(Effect.provide(Layer.merge(world.layer, MetricsIgnored)))

/**
 * Runs files through the system with in-memory services, in the order given, each
 * until its flow is done before the next starts.
 */
export const runInMemory = (files: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const world = new MemoryWorld({ bucket: yield* ScoringBucketName, scoresStream: yield* ScoresStreamName })
    const started = performance.now()
    const outcomes = yield* Effect.forEach(files, (file) => runFile(world, file))
    return { files: outcomes, world, seconds: (performance.now() - started) / 1000 } satisfies LocalRun
  })
