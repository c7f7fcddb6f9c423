import { Context, type Effect } from "effect"
import type { ServiceCallError } from "./errors.js"
import type { EntryScoringRecord, EntryScoringReply } from "./schemas/EntryScoring.js"

/** The Entry Service (ENTRY_SERVICE_URL). */
export class EntryService extends Context.Tag("vf/EntryService")<
  EntryService,
  {
    /** `POST /campaigns/{campaignId}/scoring` with at most 500 records. */
    readonly postScoring: (
      campaignId: string,
      records: ReadonlyArray<EntryScoringRecord>
    ) => Effect.Effect<EntryScoringReply, ServiceCallError>
  }
>() {}
