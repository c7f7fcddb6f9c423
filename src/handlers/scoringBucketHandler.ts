import { Effect, Layer } from "effect"
import { LambdaLoadContinuationsLive } from "../layers/aws/LambdaLoadContinuations.js"
import { AwsLayer } from "../layers/aws/AwsLayer.js"
import { ScrubbedBlockWorkersFromConfig } from "../layers/node/ScrubbedBlockWorkers.js"
import type { ScoringFileServices } from "../pipelines/processScoringFile.js"
import { handleScoringBucketEvent } from "../lambda/handleScoringBucketEvent.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { failOnFailedFiles } from "../lambda/scoringBucketEvent.js"

export { failOnFailedFiles, type ScoringBucketReply } from "../lambda/scoringBucketEvent.js"
export { handleScoringBucketEvent } from "../lambda/handleScoringBucketEvent.js"

/**
 * Lambda for both prefixes (the deployment gives each its own function: scrubbedFileHandler,
 * fanlistFileHandler). Scrubbed files are decoded on worker threads when the function has
 * more than one vCPU (LOAD_DECODE_THREADS).
 */
export const handler = makeLambdaHandler(Layer.mergeAll(AwsLayer, ScrubbedBlockWorkersFromConfig, LambdaLoadContinuationsLive), (event) =>
  Effect.flatMap(handleScoringBucketEvent(event), failOnFailedFiles)
)

export type { ScoringFileServices }
