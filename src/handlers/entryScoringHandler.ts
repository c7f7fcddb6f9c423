import { Effect, Layer } from "effect"
import { withSecretSettings } from "../layers/aws/SecretSettings.js"
import { HttpCampaignServiceLive } from "../layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../layers/http/HttpEntryService.js"
import { ServiceHttpClientLive } from "../layers/http/serviceClient.js"
import { saveEntryScoring } from "../pipelines/saveEntryScoring/saveEntryScoring.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"
import { consumeKinesisEvent } from "../lambda/streamConsumer.js"

/** Scores stream → Entry Service: one Kinesis batch. */
export const handleEntryScoring = consumeKinesisEvent("saveEntryScoring", (records) => saveEntryScoring(records))

/** What entry scoring runs on: the Campaign and Entry Services, their token read from its secret. */
export const entryScoringServices = withSecretSettings(Layer.merge(HttpCampaignServiceLive, HttpEntryServiceLive).pipe(Layer.provide(ServiceHttpClientLive)))

/** Lambda (Kinesis event source, ReportBatchItemFailures). */
export const handler = makeLambdaHandler(entryScoringServices, (event) => Effect.map(handleEntryScoring(event), (batch) => batch.reply))
