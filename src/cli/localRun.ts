import { FileSystem } from "@effect/platform"
import { ConfigProvider, Effect, Either, Layer, Option, Redacted } from "effect"
import { handleEntryScoring } from "../handlers/entryScoringHandler.js"
import { handleScoringBucketEvent } from "../handlers/scoringBucketHandler.js"
import { objectCreatedEvent } from "../handlers/s3Event.js"
import { handleScoresToDynamoDB } from "../handlers/scoresToDynamoDBHandler.js"
import { HttpCampaignServiceLive } from "../layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../layers/http/HttpEntryService.js"
import { ServiceHttpClientLive } from "../layers/http/serviceClient.js"
import { campaignServiceStandIn } from "../layers/local/CampaignServiceStandIn.js"
import { type EntryPost, entryServiceStandIn } from "../layers/local/EntryServiceStandIn.js"
import { MemoryWorld } from "../layers/memory/MemoryWorld.js"
import { MetricsIgnored } from "../layers/observability/WorkerMetrics.js"
import { DemandTableName, ScoresStreamName, ScoringBucketName } from "../services/Settings.js"
import { readCampaigns } from "./campaignsFile.js"
import { objectKeyOf } from "./objectKey.js"
import type { RunEntry } from "./RunReport.js"
import { sumResults } from "./RunReport.js"
import { deliverToConsumer } from "./streamDelivery.js"

/** What a local run leaves behind: each file's outcomes, and the end state. */
export interface LocalRun {
  readonly files: ReadonlyArray<RunEntry>
  readonly world: MemoryWorld
  readonly entryPosts: ReadonlyArray<EntryPost>
  readonly seconds: number
}

const localToken = "local-runner-token"

/** The HTTP services' settings, pointing at the stand-ins; the rest from the environment. */
const standInSettings = (campaignServiceUrl: string, entryServiceUrl: string) =>
  Layer.setConfigProvider(
    ConfigProvider.fromMap(
      new Map([
        ["CAMPAIGN_SERVICE_URL", campaignServiceUrl],
        ["ENTRY_SERVICE_URL", entryServiceUrl],
        ["SERVICE_TOKEN", localToken]
      ])
    ).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
  )

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

/** The file's records on the scores stream, through both of its consumers' handlers. */
const consumeScores = (world: MemoryWorld, key: string, from: number) =>
  Effect.gen(function* () {
    const records = world.scoresStream.recordsFrom(from)
    if (records.length === 0) return []
    const stream = world.scoresStream.streamName
    const toTable = yield* deliverToConsumer(stream, records, handleScoresToDynamoDB)
    const toEntry = yield* deliverToConsumer(stream, records, handleEntryScoring)
    return [
      { key, worker: "loadScoresToDynamoDB", result: sumResults(toTable) },
      { key, worker: "saveEntryScoring", result: sumResults(toEntry) }
    ] as Array<RunEntry>
  })

/**
 * Runs files through the system with in-memory AWS services and local HTTP stand-ins,
 * in the order given, each until its whole flow is done before the next starts.
 */
export const runInMemory = (files: ReadonlyArray<string>, campaignsFile: Option.Option<string>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const world = new MemoryWorld({
        bucket: yield* ScoringBucketName,
        scoresStream: yield* ScoresStreamName,
        demandTable: yield* DemandTableName
      })
      const token = Redacted.make(localToken)
      const campaigns = yield* campaignServiceStandIn(yield* readCampaigns(campaignsFile), { token })
      const entry = yield* entryServiceStandIn({ token })
      const services = Layer.mergeAll(world.layer, MetricsIgnored, HttpCampaignServiceLive, HttpEntryServiceLive).pipe(
        Layer.provide(ServiceHttpClientLive),
        Layer.provide(standInSettings(campaigns.url, entry.url))
      )
      const started = performance.now()
      const outcomes = yield* Effect.forEach(files, (file) =>
        Effect.gen(function* () {
          const from = world.scoresStream.entries.length
          const loaded = yield* loadFile(world, file)
          return [loaded, ...(yield* consumeScores(world, loaded.key, from))]
        }).pipe(Effect.provide(services))
      )
      const seconds = (performance.now() - started) / 1000
      return { files: outcomes.flat(), world, entryPosts: entry.book.posts, seconds } satisfies LocalRun
    })
  )
