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
export * from "./pipelines/processScoringFile.js"

export * from "./layers/aws/AwsLayer.js"
export * from "./layers/memory/MemoryWorld.js"
export * from "./layers/memory/MemoryRecordStream.js"
export * from "./layers/memory/MemoryScoringBucket.js"
export * from "./layers/memory/MemoryVerdictQueue.js"
export * from "./layers/observability/JsonLogger.js"
export * from "./layers/observability/WorkerMetrics.js"

export { handleScoringBucketEvent } from "./handlers/scoringBucketHandler.js"
