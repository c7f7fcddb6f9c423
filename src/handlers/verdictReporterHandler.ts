import { Effect, Layer } from "effect"
import { withSecretSettings } from "../layers/aws/SecretSettings.js"
import { DynamoCampaignCountsLive } from "../layers/aws/DynamoCampaignCounts.js"
import { DynamoReportLedgerLive } from "../layers/aws/DynamoReportLedger.js"
import { DynamoRunProgressLive } from "../layers/aws/DynamoRunProgress.js"
import { SqsVerdictQueueLive } from "../layers/aws/SqsVerdictQueue.js"
import { HttpCampaignServiceLive } from "../layers/http/HttpCampaignService.js"
import { ServiceHttpClientLive } from "../layers/http/serviceClient.js"
import { SlackNotifierLive } from "../layers/slack/SlackWebApiNotifier.js"
import { reporterSettings, verdictReporter } from "../pipelines/verdictReporter/verdictReporter.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { readQueueMessage } from "../lambda/events/sqsEvent.js"
import { consumeEvent } from "../lambda/streamConsumer.js"

/** Verdict queue → Slack: one SQS batch. */
export const handleVerdictMessages = consumeEvent("verdictReporter", "SQS", readQueueMessage, (messages) =>
  Effect.flatMap(reporterSettings, (settings) => verdictReporter(messages, settings))
)

const services = Layer.mergeAll(
  DynamoCampaignCountsLive,
  DynamoReportLedgerLive,
  DynamoRunProgressLive,
  SqsVerdictQueueLive,
  SlackNotifierLive,
  HttpCampaignServiceLive.pipe(Layer.provide(ServiceHttpClientLive))
)

/** Lambda (SQS event source, ReportBatchItemFailures). */
export const handler = makeLambdaHandler(withSecretSettings(services), (event) => Effect.map(handleVerdictMessages(event), (batch) => batch.reply))
