import { Effect } from "effect"
import { DynamoCampaignCountsLive } from "../layers/aws/DynamoCampaignCounts.js"
import { processSavedScores } from "../pipelines/processSavedScores/processSavedScores.js"
import { readTableChange } from "./dynamoStreamEvent.js"
import { makeLambdaHandler } from "./lambdaRuntime.js"
import { consumeEvent } from "./streamConsumer.js"

/** Demand-table stream → meta:counts: one DynamoDB stream batch. */
export const handleSavedScores = consumeEvent("processSavedScores", "DynamoDB stream", readTableChange, processSavedScores)

/** Lambda (DynamoDB stream event source, ReportBatchItemFailures). */
export const handler = makeLambdaHandler(DynamoCampaignCountsLive, (event) => Effect.map(handleSavedScores(event), (batch) => batch.reply))
