import { Effect, Layer } from "effect"
import { DynamoDemandTableLive } from "../layers/aws/DynamoDemandTable.js"
import { DynamoRunProgressLive } from "../layers/aws/DynamoRunProgress.js"
import { loadScoresToDynamoDB } from "../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import { tableWriterFigures } from "../pipelines/run/successFigures.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { consumeKinesisEvent } from "../lambda/streamConsumer.js"

/** Scores stream → demand table: one Kinesis batch (publishing its processing success, SPEC §13). */
export const handleScoresToDynamoDB = consumeKinesisEvent("loadScoresToDynamoDB", (records) => loadScoresToDynamoDB(records), tableWriterFigures)

/** What the table writer runs on: the demand table and the runs' progress in it. */
export const scoresToDynamoDBServices = Layer.merge(DynamoDemandTableLive, DynamoRunProgressLive)

/** Lambda (Kinesis event source, ReportBatchItemFailures). */
export const handler = makeLambdaHandler(scoresToDynamoDBServices, (event) =>
  Effect.map(handleScoresToDynamoDB(event), (batch) => batch.reply)
)
