import { Effect } from "effect"
import { DynamoCampaignCountsLive } from "../layers/aws/DynamoCampaignCounts.js"
import { processSavedScores } from "../pipelines/processSavedScores/processSavedScores.js"
import { deliveryShardOf, isWindowedEvent, readTableChange } from "../lambda/events/dynamoStreamEvent.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { consumeEvent } from "../lambda/streamConsumer.js"

/** Demand-table stream → meta:counts: one DynamoDB stream batch, counted by its shard's position when the event names the shard. */
export const handleSavedScores = (event: unknown) => {
  const shard = deliveryShardOf(event)
  return consumeEvent("processSavedScores", "DynamoDB stream", readTableChange, (changes) =>
    processSavedScores({ changes, ...(shard === undefined ? {} : { shard }) })
  )(event)
}

/** What the counter runs on: the campaigns' counts and the shards' positions in the demand table. */
export const savedScoresServices = DynamoCampaignCountsLive

/**
 * Lambda (DynamoDB stream event source, ReportBatchItemFailures, a tumbling window so that
 * each event names its shard). A windowed invocation answers with a `state` (none is kept
 * across a window: each delivery is counted on its own), or Lambda takes it as failed.
 */
export const handler = makeLambdaHandler(savedScoresServices, (event) =>
  Effect.map(handleSavedScores(event), (batch) => (isWindowedEvent(event) ? { ...batch.reply, state: {} } : batch.reply))
)
