import { Effect } from "effect"
import { DynamoDemandTableLive } from "../layers/aws/DynamoDemandTable.js"
import { loadScoresToDynamoDB } from "../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import { makeLambdaHandler } from "./lambdaRuntime.js"
import { consumeKinesisEvent } from "./streamConsumer.js"

/** Scores stream → demand table: one Kinesis batch. */
export const handleScoresToDynamoDB = consumeKinesisEvent("loadScoresToDynamoDB", (records) => loadScoresToDynamoDB(records))

/** Lambda (Kinesis event source, ReportBatchItemFailures). */
export const handler = makeLambdaHandler(DynamoDemandTableLive, (event) =>
  Effect.map(handleScoresToDynamoDB(event), (batch) => batch.reply)
)
