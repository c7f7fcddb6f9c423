import { Context, type Effect, type Option, type Stream } from "effect"
import type { DemandTableError } from "./errors.js"
import type { VersionedCounts } from "./reportOrder.js"
import type { Counts } from "./schemas/Counts.js"
import type { CommitOutcome, CountingCommit, ShardPosition } from "./schemas/CountingCommit.js"
import type { DemandItem } from "./schemas/FanScoreItem.js"

/** Each campaign's `meta:counts` in the demand table, and the fan items they count. */
export class CampaignCounts extends Context.Tag("vf/CampaignCounts")<
  CampaignCounts,
  {
    /** The counts and their version (bumped by every counting transaction and every repair; 0 before any). */
    readonly getCounts: (campaignId: string) => Effect.Effect<Option.Option<VersionedCounts>, DemandTableError>
    /** Where the counter stands on a shard of the table's stream (`shard:<stream>/<shardId>` / `meta:position`): none before its first commit there. */
    readonly shardPosition: (shard: string) => Effect.Effect<Option.Option<ShardPosition>, DemandTableError>
    /**
     * One counting transaction (countingPlan.ts decides what goes in it): all of it or
     * nothing, on condition of its guard and markers. Adds each campaign's delta to
     * `meta:counts` (created at zero) with its version bumped, each run's changes to its
     * `counted`, and moves the position or puts the markers.
     */
    readonly commitCounting: (commit: CountingCommit) => Effect.Effect<CommitOutcome, DemandTableError>
    /**
     * Sets `meta:counts` to recounted values (reconcile) and bumps the version, only if the
     * version is still `version` (nothing was counted since it was read): false otherwise.
     */
    readonly setCounts: (campaignId: string, counts: Counts, version: number) => Effect.Effect<boolean, DemandTableError>
    /**
     * The fan items of a campaign (SK `campaign:<id>`, PK `fan:`, `sid:` or `email:`), with
     * at least their keys, campaignId, isVerified and verdict (what a recount reads), and the
     * fan's identifiers (globalUserId, memberId, email) those items hold.
     */
    readonly campaignFans: (campaignId: string) => Stream.Stream<DemandItem, DemandTableError>
    /**
     * The campaigns whose counts a counting transaction or a repair changed, or whose runs'
     * writes a writer recorded (RunProgress), on the UTC days from the one holding `since`
     * (epoch ms) to today (`meta:counts` and `meta:run:` items record their changedDay): at
     * least every campaign changed since `since`, also one whose changes the counter never
     * saw. In no particular order, each once.
     */
    readonly changedCampaigns: (since: number) => Effect.Effect<ReadonlyArray<string>, DemandTableError>
  }
>() {}
