// The package's entry point (SPEC §11): every worker's program, every port with its live AWS
// and in-memory layers, the schemas and errors, the stream stages, the data-quality helpers and
// the report that converges. What only tests and local runs need is on "vf-scoring-workers/testing"
// (in memory) and "vf-scoring-workers/testing/stand-ins" (servers speaking the real protocols).
// Importing it loads no AWS SDK client, Slack or HTTP client and starts no thread: the live
// layers load their modules when they are built (layers/lazyLiveLayers.ts).

// Ports (Context.Tag) and settings.
export * from "./services/CampaignCounts.js"
export * from "./services/CampaignService.js"
export * from "./services/DemandTable.js"
export * from "./services/EntryService.js"
export * from "./services/RecordStream.js"
export * from "./services/ReportLedger.js"
export * from "./services/RunProgress.js"
export * from "./services/ScoringBucket.js"
export * from "./services/SlackNotifier.js"
export * from "./services/VerdictQueue.js"
export * from "./services/WorkerMetrics.js"
export * from "./services/CorrelationIds.js"
export * from "./services/Settings.js"
export * from "./services/RetryPolicy.js"
export * from "./services/LoadDeadline.js"
export * from "./services/LoadContinuations.js"
export { planUpdate, changedAttributes, movesCount } from "./services/fanScoreUpsert.js"

// Schemas and errors.
export * from "./services/errors.js"
export * from "./services/schemas/Campaign.js"
export * from "./services/schemas/Counts.js"
export * from "./services/schemas/EndOfFile.js"
export * from "./services/schemas/EntryScoring.js"
export * from "./services/schemas/FanRecord.js"
export * from "./services/schemas/FanScoreItem.js"
export * from "./services/schemas/FanlistRow.js"
export * from "./services/schemas/ScoreWrite.js"
export * from "./services/schemas/ScrubbedRow.js"
export * from "./services/schemas/TableChange.js"
export * from "./services/schemas/VerdictMessage.js"
export * from "./services/schemas/csvFields.js"
export * from "./services/schemas/DataQuality.js"
export { optional } from "./services/schemas/optional.js"

// The workers' programs.
export * from "./pipelines/loadScoresToStream/loadScoresToStream.js"
export * from "./pipelines/loadScoresToStream/LoadScoresResult.js"
export { parseScrubbedKey, scrubbedKeyPattern, type ScrubbedKey } from "./pipelines/loadScoresToStream/scrubbedKey.js"
export { InThreadBlockDecoder, ScrubbedBlockDecoder } from "./pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
export * from "./pipelines/saveFanlistScores/saveFanlistScores.js"
export type { FanlistResult } from "./pipelines/saveFanlistScores/FanlistResult.js"
export { fanlistKeyPattern, parseFanlistKey } from "./pipelines/saveFanlistScores/fanlistKey.js"
export * from "./pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
export { fanScoreItemOf } from "./pipelines/loadScoresToDynamoDB/fanScoreItem.js"
export * from "./pipelines/saveEntryScoring/saveEntryScoring.js"
export type { EntryScoringResult } from "./pipelines/saveEntryScoring/EntryScoringTally.js"
export * from "./pipelines/processSavedScores/processSavedScores.js"
export * from "./pipelines/verdictReporter/verdictReporter.js"
export type { VerdictReporterResult } from "./pipelines/verdictReporter/VerdictReporterResult.js"
export type { ReporterSettings } from "./pipelines/verdictReporter/reportCampaign.js"
export * from "./pipelines/proxyCampaignService/proxyCampaignService.js"
export * from "./pipelines/proxyCampaignService/proxyErrors.js"
export { InvalidEventId } from "./pipelines/proxyCampaignService/eventId.js"
export * from "./pipelines/reconcileCounts/reconcileCounts.js"
export * from "./pipelines/driftCheck/driftCheck.js"
export * from "./pipelines/run/successFigures.js"
export * from "./pipelines/processScoringFile.js"
export * from "./pipelines/run/loadCheckpoint.js"
export type { IncomingRecord } from "./pipelines/delivery/incomingRecords.js"

// Data quality (SPEC §12): refused rows marked, their rejects file written, the file's warning over the threshold.
export { RejectedLines, reasonKind } from "./pipelines/quality/RejectedLines.js"
export { type InvalidReasons, rejectsKey, writeRejectsFile, type WrittenRejects } from "./pipelines/quality/rejectsFile.js"
export { rowTallyWithRejects, schemaInvalidReasons } from "./pipelines/quality/schemaRejects.js"
export {
  fileQuality,
  type FileQuality,
  invalidShare,
  maxInvalidShare,
  qualityMessage,
  qualityWarning,
  type RefusedRows,
  rejectsOf
} from "./pipelines/quality/dataQuality.js"

// A whole-file load's report that converges (SPEC §6): its run, its stamped writes, then its message.
export { type FileReport, type FileWritten, sendFileReport, startFileReport, upsertForReport } from "./pipelines/run/fileReport.js"
export { fileRun } from "./pipelines/run/fileRun.js"

// The stream stages (also on "vf-scoring-workers/stages").
export * from "./stages.js"

// Live layers: AWS, the HTTP services, Slack, worker threads (each loads its module when built), logging and metrics.
export {
  AwsLayer,
  DynamoCampaignCountsLive,
  DynamoDemandTableLive,
  DynamoReportLedgerLive,
  DynamoRunProgressLive,
  HttpCampaignServiceLive,
  HttpEntryServiceLive,
  KinesisCampaignDataStreamLive,
  KinesisScoresStreamLive,
  LambdaLoadContinuationsLive,
  S3ScoringBucketLive,
  ScrubbedBlockWorkersFromConfig,
  scrubbedBlockWorkers,
  SecretSettingsLive,
  ServiceHttpClientLive,
  SlackNotifierLive,
  SqsVerdictQueueLive,
  withSecretSettings
} from "./layers/lazyLiveLayers.js"
export type { S3ScoringBucketOptions } from "./layers/aws/S3ScoringBucket.js"
export { S3WriteOptions } from "./layers/S3WriteOptions.js"
export type { DynamoTableOptions } from "./layers/aws/DynamoDemandTable.js"
export * from "./layers/observability/JsonLogger.js"
export { EmbeddedMetricsLive, MetricsIgnored } from "./layers/observability/WorkerMetrics.js"

// In-memory layers, one per port (the whole world at once is MemoryWorld, on "/testing").
export { MemoryDemandTable } from "./local/memory/MemoryDemandTable.js"
export { memoryCampaignCounts } from "./local/memory/MemoryCampaignCounts.js"
export { memoryReportLedger } from "./local/memory/MemoryReportLedger.js"
export { memoryRunProgress } from "./local/memory/MemoryRunProgress.js"
export { MemoryRecordStream, type MemoryStreamFaults } from "./local/memory/MemoryRecordStream.js"
export { SimulatedKinesisStream, kinesisShardLimits, type ShardLimits } from "./local/memory/SimulatedKinesisStream.js"
export { MemoryScoringBucket } from "./local/memory/MemoryScoringBucket.js"
export { MemoryVerdictQueue } from "./local/memory/MemoryVerdictQueue.js"
export { MemoryCampaignService, MemoryEntryService, MemorySlackNotifier } from "./local/memory/MemoryHttpServices.js"

// Lambda adapters: the scoring bucket's event, for programs that take S3 notifications themselves.
export { handleScoringBucketEvent } from "./lambda/handleScoringBucketEvent.js"
export { continuationOf, failOnFailedFiles, ResumeEvent, type ScoringBucketReply } from "./lambda/scoringBucketEvent.js"
