import { Effect, Either, Layer, Predicate } from "effect"
import { withSecretSettings } from "../layers/aws/SecretSettings.js"
import { HttpCampaignServiceLive } from "../layers/http/HttpCampaignService.js"
import { ServiceHttpClientLive } from "../layers/http/serviceClient.js"
import { resolverErrorType } from "../pipelines/proxyCampaignService/errorTypes.js"
import { InvalidEventId } from "../pipelines/proxyCampaignService/eventId.js"
import { proxyCampaignService } from "../pipelines/proxyCampaignService/proxyCampaignService.js"
import { makeLambdaHandler } from "../lambda/lambdaRuntime.js"

/**
 * `arguments.eventId` of an AppSync direct-Lambda-resolver event, as it came (checked
 * by the pipeline); the rest of the event (identity, source, request, info, prev, stash)
 * is not read. An event without an `arguments` object is refused.
 */
export const eventIdArgument = (event: unknown): Either.Either<unknown, InvalidEventId> =>
  Predicate.isRecord(event) && Predicate.isRecord(event["arguments"])
    ? Either.right(event["arguments"]["eventId"])
    : Either.left(new InvalidEventId({ reason: "the event has no arguments object: not an AppSync resolver event" }))

/** AppSync resolver → Campaign Service: the campaigns of `arguments.eventId`. */
export const handleCampaignProxy = (event: unknown) => Effect.flatMap(eventIdArgument(event), proxyCampaignService)

const services = HttpCampaignServiceLive.pipe(Layer.provide(ServiceHttpClientLive))

/**
 * Lambda (AppSync direct resolver): answers the array of campaigns, or throws an Error
 * whose `name` is the GraphQL errorType (BadRequest, CampaignServiceRejected,
 * CampaignServiceUnavailable: see errorTypes.ts) and whose message says what went wrong.
 */
export const handler = makeLambdaHandler(withSecretSettings(services), handleCampaignProxy, { errorName: resolverErrorType })
