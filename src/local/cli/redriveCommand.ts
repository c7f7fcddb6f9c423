import { Args, Command, Options } from "@effect/cli"
import { ConfigProvider, Effect, Option } from "effect"
import { entryScoringServices } from "../../handlers/entryScoringHandler.js"
import { savedScoresServices } from "../../handlers/savedScoresHandler.js"
import { scoresToDynamoDBServices } from "../../handlers/scoresToDynamoDBHandler.js"
import { MetricsIgnored } from "../../layers/observability/WorkerMetrics.js"
import { settingNames } from "../../services/settingNames.js"
import { oneLineFailure } from "./failure.js"
import { replayKeptBatch } from "./redrive/replayKeptBatch.js"

const file = Args.file({ name: "file", exists: "either" }).pipe(Args.withDescription("a kept batch: an object of the failed-batches bucket, copied here"))
const endpoint = Options.text("endpoint").pipe(
  Options.withDescription("AWS services at this URL (LocalStack, DynamoDB Local) instead of AWS"),
  Options.optional
)

/** The services at `url` for the program, other settings from the environment. */
const atEndpoint = (url: string) =>
  ConfigProvider.fromMap(new Map([[settingNames.awsEndpointUrl, url]])).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))

/** The stream consumers on the services their Lambda functions use, their settings from the environment. */
const lambdaServices = { scoresToDynamoDB: scoresToDynamoDBServices, entryScoring: entryScoringServices, savedScores: savedScoresServices }

/** `vf-workers redrive <file>`: replays a batch a stream mapping gave up on through its worker (docs/OPERATIONS.md). */
export const redriveCommand = Command.make("redrive", { file, endpoint }, (options) => {
  const program = replayKeptBatch(options.file, lambdaServices).pipe(Effect.provide(MetricsIgnored))
  return (Option.isSome(options.endpoint) ? Effect.withConfigProvider(program, atEndpoint(options.endpoint.value)) : program).pipe(oneLineFailure("redrive"))
}).pipe(Command.withDescription("invoke the worker that gave up on a kept batch again with the batch's event"))
