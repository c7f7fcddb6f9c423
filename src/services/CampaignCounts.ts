import { Context, type Effect, type Option, type Stream } from "effect"
import type { DemandTableError } from "./errors.js"
import type { CountChange, Counts, CountsApplied } from "./schemas/Counts.js"
import type { DemandItem } from "./schemas/FanScoreItem.js"

/** Each campaign's `meta:counts` in the demand table, and the fan items they count. */
export class CampaignCounts extends Context.Tag("vf/CampaignCounts")<
  CampaignCounts,
  {
    readonly getCounts: (campaignId: string) => Effect.Effect<Option.Option<Counts>, DemandTableError>
    /**
     * Adds to `meta:counts` (created at zero) the deltas of the changes whose eventID was
     * never applied, atomically with a marker per eventID: exactly once, whatever the
     * redeliveries (SPEC §5).
     */
    readonly addToCounts: (campaignId: string, changes: ReadonlyArray<CountChange>) => Effect.Effect<CountsApplied, DemandTableError>
    /** Sets `meta:counts` to recounted values (reconcile). */
    readonly setCounts: (campaignId: string, counts: Counts) => Effect.Effect<void, DemandTableError>
    /**
     * The fan items of a campaign (SK `campaign:<id>`, PK `fan:`, `sid:` or `email:`), with
     * at least their keys, campaignId, isVerified and verdict: what a recount reads.
     */
    readonly campaignFans: (campaignId: string) => Stream.Stream<DemandItem, DemandTableError>
  }
>() {}
