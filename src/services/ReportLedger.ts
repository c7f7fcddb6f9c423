import { Context, type Effect, type Option } from "effect"
import type { DemandTableError } from "./errors.js"
import type { Counts, ReportClaim, ReportedCounts } from "./schemas/Counts.js"

/** Each campaign's last Slack report (`meta:slack:counts`), and who may post the next. */
export class ReportLedger extends Context.Tag("vf/ReportLedger")<
  ReportLedger,
  {
    readonly lastReport: (campaignId: string) => Effect.Effect<Option.Option<ReportedCounts>, DemandTableError>
    /**
     * Claims the right to post `counts`: stores them in `meta:slack:counts` under
     * `claimId` only if they differ from the last report, or if a claim on it never
     * completed within the stale period. Of reporters racing on the same counts, one claims.
     */
    readonly claimReport: (campaignId: string, counts: Counts, claimId: string) => Effect.Effect<ReportClaim, DemandTableError>
    /** Marks the claimed report as posted at `postedAt` (ISO-8601). */
    readonly confirmReport: (campaignId: string, claimId: string, postedAt: string) => Effect.Effect<void, DemandTableError>
    /** Gives a claim back after a failed post: the previous report is restored (or removed). */
    readonly releaseReport: (
      campaignId: string,
      claimId: string,
      previous: ReportedCounts | undefined
    ) => Effect.Effect<void, DemandTableError>
  }
>() {}
