import { Context, type Effect, type Option } from "effect"
import type { DemandTableError } from "./errors.js"
import type { ClaimDecision, PostedReport, ReportRequest } from "./reportOrder.js"

/**
 * Each campaign's last Slack report (`meta:slack:counts`), and who may post the next: the
 * rules of reportOrder.ts, kept with conditional writes so that reporters racing agree.
 */
export class ReportLedger extends Context.Tag("vf/ReportLedger")<
  ReportLedger,
  {
    readonly lastReport: (campaignId: string) => Effect.Effect<Option.Option<PostedReport>, DemandTableError>
    /**
     * Claims the post of `request` for `claimId` until `until` (epoch ms), as decideClaim
     * decides at the current time: Claimed (with the report it will follow), Busy (another
     * live claim) or Reported (the last post already shows these counts or newer ones).
     * A retry of the same claim after a lost answer holds it.
     */
    readonly claimReport: (
      campaignId: string,
      request: ReportRequest,
      claimId: string,
      until: number
    ) => Effect.Effect<ClaimDecision, DemandTableError>
    /** The claim of `claimId` becomes the last posted report; a claim no longer held changes nothing. */
    readonly confirmReport: (campaignId: string, claimId: string, report: PostedReport) => Effect.Effect<void, DemandTableError>
    /** Lets a claim go after a failed post (the item goes when it held no report before); a claim no longer held changes nothing. */
    readonly releaseReport: (
      campaignId: string,
      claimId: string,
      previous: PostedReport | undefined
    ) => Effect.Effect<void, DemandTableError>
  }
>() {}
