import { Effect, Layer } from "effect"
import { LambdaLoadContinuationsLive } from "../layers/aws/LambdaLoadContinuations.js"
import { DynamoDemandTableLive } from "../layers/aws/DynamoDemandTable.js"
import { DynamoRunProgressLive } from "../layers/aws/DynamoRunProgress.js"
import { KinesisCampaignDataStreamLive } from "../layers/aws/KinesisRecordStream.js"
import { S3ScoringBucketLive } from "../layers/aws/S3ScoringBucket.js"
import { SqsVerdictQueueLive } from "../layers/aws/SqsVerdictQueue.js"
import { processFanlistFile } from "../pipelines/processFanlistFile.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { failOnFailedFiles, handleBucketEvent } from "../lambda/scoringBucketEvent.js"

/** Lambda of `fanlist/scored/` notifications: saveFanlistScores, with the bucket, the demand table, the campaign data stream and the verdict queue. */
export const handler = makeLambdaHandler(
  Layer.mergeAll(S3ScoringBucketLive, DynamoDemandTableLive, DynamoRunProgressLive, KinesisCampaignDataStreamLive, SqsVerdictQueueLive, LambdaLoadContinuationsLive),
  (event) => Effect.flatMap(handleBucketEvent(event, processFanlistFile), failOnFailedFiles)
)
