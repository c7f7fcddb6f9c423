import { Args, Command } from "@effect/cli"
import { Effect } from "effect"
import { entryScoringServices } from "../../handlers/entryScoringHandler.js"
import { savedScoresServices } from "../../handlers/savedScoresHandler.js"
import { scoresToDynamoDBServices } from "../../handlers/scoresToDynamoDBHandler.js"
import { MetricsIgnored } from "../../layers/observability/WorkerMetrics.js"
import { endpointOption, onEndpoint } from "./endpointOption.js"
import { oneLineFailure } from "./failure.js"
import { replayKeptBatch } from "./redrive/replayKeptBatch.js"

const file = Args.file({ name: "file", exists: "either" }).pipe(Args.withDescription("a kept batch: an object of the failed-batches bucket, copied here"))
const endpoint = endpointOption("AWS services")

/** The stream consumers on the services their Lambda functions use, their settings from the environment. */
const lambdaServices = { scoresToDynamoDB: scoresToDynamoDBServices, entryScoring: entryScoringServices, savedScores: savedScoresServices }

/** `vf-workers redrive <file>`: replays a batch a stream mapping gave up on through its worker (docs/OPERATIONS.md). */
export const redriveCommand = Command.make("redrive", { file, endpoint }, (options) => {
  const program = replayKeptBatch(options.file, lambdaServices).pipe(Effect.provide(MetricsIgnored))
  return onEndpoint(program, options.endpoint).pipe(oneLineFailure("redrive"))
}).pipe(Command.withDescription("invoke the worker that gave up on a kept batch again with the batch's event"))
