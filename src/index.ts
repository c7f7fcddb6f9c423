// The package's entry point: pipelines, their services and the layers that provide them.
export * from "./services/errors.js"
export * from "./services/RecordStream.js"
export * from "./services/ScoringBucket.js"
export * from "./services/Settings.js"
export * from "./services/VerdictQueue.js"
export * from "./services/schemas/FanRecord.js"
export * from "./services/schemas/ScrubbedRow.js"
export * from "./services/schemas/VerdictMessage.js"

export * from "./pipelines/loadScoresToStream/loadScoresToStream.js"
export * from "./pipelines/loadScoresToStream/LoadScoresResult.js"
export { InThreadBlockDecoder, ScrubbedBlockDecoder } from "./pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
export * from "./pipelines/processScoringFile.js"

export * from "./layers/aws/AwsLayer.js"
export * from "./layers/memory/MemoryWorld.js"
export { scrubbedBlockWorkers, ScrubbedBlockWorkersFromConfig } from "./layers/node/ScrubbedBlockWorkers.js"
export * from "./layers/memory/MemoryRecordStream.js"
export * from "./layers/memory/MemoryScoringBucket.js"
export * from "./layers/memory/MemoryVerdictQueue.js"
export * from "./layers/observability/JsonLogger.js"
export * from "./layers/observability/WorkerMetrics.js"

export { handleScoringBucketEvent } from "./handlers/scoringBucketHandler.js"
export { preferYoungGeneration } from "./handlers/v8Tuning.js"

// The AWS side on this machine, over the real protocols, for other programs' local runs and tests.
export { localAwsStack, type LocalAwsStack, type LocalAwsStackOptions } from "./layers/local/aws/localAwsStack.js"
export { bootstrapResources, stackResources, type BootstrappedResources, type StackResources } from "./layers/local/aws/bootstrapResources.js"
export { lookupResources } from "./layers/local/aws/lookupResources.js"
export { StackError } from "./layers/local/aws/stackCall.js"
export { StandInError } from "./layers/local/aws/StandIn.js"
