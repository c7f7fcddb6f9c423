import type { HttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { EntryService } from "../../services/EntryService.js"
import type { MissingSetting } from "../../services/errors.js"
import { EntryScoringReply } from "../../services/schemas/EntryScoring.js"
import { EntryServiceUrl } from "../../services/Settings.js"
import { makeServiceClient } from "./serviceClient.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/** The Entry Service over HTTP (ENTRY_SERVICE_URL, SERVICE_TOKEN). */
export const HttpEntryServiceLive: Layer.Layer<EntryService, MissingSetting, HttpClient.HttpClient> = Layer.effect(
  EntryService,
  Effect.map(makeServiceClient("EntryService", EntryServiceUrl), (client) =>
    withPortSpans(portName(EntryService), EntryService.of({
      postScoring: (campaignId, records) =>
        client.post(`/campaigns/${encodeURIComponent(campaignId)}/scoring`, { records }, EntryScoringReply)
    }))
  )
)
