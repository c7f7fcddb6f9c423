import { FileSystem } from "@effect/platform"
import { Effect, Either, type Option } from "effect"
import { handleEntryScoring } from "../handlers/entryScoringHandler.js"
import { objectCreatedEvent } from "../handlers/s3Event.js"
import { handleScoringBucketEvent } from "../handlers/scoringBucketHandler.js"
import { handleScoresToDynamoDB } from "../handlers/scoresToDynamoDBHandler.js"
import type { EntryPost } from "../layers/local/EntryServiceStandIn.js"
import type { SlackPost } from "../layers/local/SlackStandIn.js"
import { MemoryWorld } from "../layers/memory/MemoryWorld.js"
import { CampaignDataStreamName, DemandTableName, ScoresStreamName, ScoringBucketName } from "../services/Settings.js"
import { driveUntilQuiet } from "./driveFlow.js"
import { LocalQueue } from "./LocalQueue.js"
import { localServices } from "./localServices.js"
import { objectKeyOf } from "./objectKey.js"
import { type RunEntry, sumResults } from "./RunReport.js"
import { deliverToConsumer } from "./streamDelivery.js"

/** What a local run leaves behind: each file's outcomes, and the end state. */
export interface LocalRun {
  readonly files: ReadonlyArray<RunEntry>
  readonly world: MemoryWorld
  readonly entryPosts: ReadonlyArray<EntryPost>
  readonly slackPosts: ReadonlyArray<SlackPost>
  readonly deadLetters: number
  readonly seconds: number
}

/** Puts one file into the bucket under its key and runs the S3 handler on its event. */
const loadFile = (world: MemoryWorld, file: string) =>
  Effect.gen(function* () {
    const key = objectKeyOf(file)
    if (Either.isLeft(key)) return { key: file, worker: "none", error: key.left } satisfies RunEntry
    const body = yield* (yield* FileSystem.FileSystem).readFile(file)
    yield* world.bucket.service.putObject(key.right, body)
    const reply = yield* handleScoringBucketEvent(objectCreatedEvent(world.bucket.bucket, key.right, body.length))
    return reply.files[0]!
  })

const entry = (key: string, worker: string, results: ReadonlyArray<object>): Array<RunEntry> =>
  results.length === 0 ? [] : [{ key, worker, result: sumResults(results) } as RunEntry]

/** One file through the whole flow: S3 handler, both stream consumers, counter and reporter. */
const runFile = (world: MemoryWorld, queue: LocalQueue, table: { seen: number }, file: string) =>
  Effect.gen(function* () {
    const from = world.scoresStream.entries.length
    const loaded = yield* loadFile(world, file)
    const records = world.scoresStream.recordsFrom(from)
    const stream = world.scoresStream.streamName
    const toTable = yield* deliverToConsumer(stream, records, handleScoresToDynamoDB)
    const toEntry = yield* deliverToConsumer(stream, records, handleEntryScoring)
    const flow = yield* driveUntilQuiet(world, queue, table)
    return [
      loaded,
      ...entry(loaded.key, "loadScoresToDynamoDB", toTable),
      ...entry(loaded.key, "saveEntryScoring", toEntry),
      ...entry(loaded.key, "processSavedScores", flow.savedScores),
      ...entry(loaded.key, "verdictReporter", flow.reporter)
    ]
  })

/**
 * Runs files through the whole system with in-memory AWS services and local HTTP
 * stand-ins, in the order given, each until the flow is quiet before the next starts.
 */
export const runInMemory = (files: ReadonlyArray<string>, campaignsFile: Option.Option<string>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const world = new MemoryWorld({
        bucket: yield* ScoringBucketName,
        scoresStream: yield* ScoresStreamName,
        demandTable: yield* DemandTableName,
        campaignDataStream: yield* CampaignDataStreamName
      })
      const services = yield* localServices(world, campaignsFile)
      const queue = new LocalQueue(world.verdictQueue)
      const table = { seen: 0 }
      const started = performance.now()
      const outcomes = yield* Effect.forEach(files, (file) =>
        runFile(world, queue, table, file).pipe(Effect.provide(services.layer), Effect.withConfigProvider(services.settings))
      )
      const seconds = (performance.now() - started) / 1000
      const { entryPosts, slackPosts } = services
      return { files: outcomes.flat(), world, entryPosts, slackPosts, deadLetters: queue.deadLetters.length, seconds } satisfies LocalRun
    })
  )
