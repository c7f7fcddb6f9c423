import { Effect, Layer, Schema } from "effect"
import { HttpCampaignServiceLive } from "../layers/http/HttpCampaignService.js"
import { ServiceHttpClientLive } from "../layers/http/serviceClient.js"
import { AppSyncError, proxyCampaignService } from "../pipelines/proxyCampaignService/proxyCampaignService.js"
import { makeLambdaHandler } from "./lambdaRuntime.js"

/** The part of an AppSync direct-resolver event the proxy reads: `arguments.eventId`. */
const ResolverEvent = Schema.Struct({ arguments: Schema.Record({ key: Schema.String, value: Schema.Unknown }) })

/** An AppSync resolver event → the campaigns of its eventId. */
export const handleCampaignProxy = (event: unknown) =>
  Schema.decodeUnknown(ResolverEvent)(event).pipe(
    Effect.mapError(() => new AppSyncError({ errorType: "BadRequest", reason: "not an AppSync resolver event with arguments" })),
    Effect.flatMap((resolver) => proxyCampaignService(resolver.arguments["eventId"]))
  )

/** Lambda (AppSync direct resolver): the array, or a thrown Error whose name is the errorType. */
export const handler = makeLambdaHandler(HttpCampaignServiceLive.pipe(Layer.provide(ServiceHttpClientLive)), handleCampaignProxy)
