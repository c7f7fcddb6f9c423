import { Context, type Effect, type Option, type Stream } from "effect"
import type { DemandTableError } from "./errors.js"
import type { VersionedCounts } from "./reportOrder.js"
import type { CountChange, Counts, CountsApplied } from "./schemas/Counts.js"
import type { DemandItem } from "./schemas/FanScoreItem.js"

/** Each campaign's `meta:counts` in the demand table, and the fan items they count. */
export class CampaignCounts extends Context.Tag("vf/CampaignCounts")<
  CampaignCounts,
  {
    /** The counts and their version (bumped by every counting transaction and every repair; 0 before any). */
    readonly getCounts: (campaignId: string) => Effect.Effect<Option.Option<VersionedCounts>, DemandTableError>
    /**
     * Adds to `meta:counts` (created at zero) the deltas of the changes whose eventID was
     * never applied, atomically with a marker per eventID: exactly once, whatever the
     * redeliveries (SPEC §5).
     */
    readonly addToCounts: (campaignId: string, changes: ReadonlyArray<CountChange>) => Effect.Effect<CountsApplied, DemandTableError>
    /**
     * Sets `meta:counts` to recounted values (reconcile) and bumps the version, only if the
     * version is still `version` (nothing was counted since it was read): false otherwise.
     */
    readonly setCounts: (campaignId: string, counts: Counts, version: number) => Effect.Effect<boolean, DemandTableError>
    /**
     * The fan items of a campaign (SK `campaign:<id>`, PK `fan:`, `sid:` or `email:`), with
     * at least their keys, campaignId, isVerified and verdict: what a recount reads.
     */
    readonly campaignFans: (campaignId: string) => Stream.Stream<DemandItem, DemandTableError>
  }
>() {}
