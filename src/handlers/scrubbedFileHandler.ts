import { Effect, Layer } from "effect"
import { LambdaLoadContinuationsLive } from "../layers/aws/LambdaLoadContinuations.js"
import { KinesisScoresStreamLive } from "../layers/aws/KinesisRecordStream.js"
import { S3ScoringBucketLive } from "../layers/aws/S3ScoringBucket.js"
import { SqsVerdictQueueLive } from "../layers/aws/SqsVerdictQueue.js"
import { ScrubbedBlockWorkersFromConfig } from "../layers/node/ScrubbedBlockWorkers.js"
import { processScrubbedFile } from "../pipelines/processScrubbedFile.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { failOnFailedFiles, handleBucketEvent } from "../lambda/scoringBucketEvent.js"

/**
 * Lambda of `scrubbed/` notifications: loadScoresToStream, with only the bucket, the scores
 * stream and the verdict queue; blocks decoded on worker threads when the function has
 * more than one vCPU (LOAD_DECODE_THREADS).
 */
export const handler = makeLambdaHandler(
  Layer.mergeAll(S3ScoringBucketLive, KinesisScoresStreamLive, SqsVerdictQueueLive, ScrubbedBlockWorkersFromConfig, LambdaLoadContinuationsLive),
  (event) => Effect.flatMap(handleBucketEvent(event, processScrubbedFile), failOnFailedFiles)
)
