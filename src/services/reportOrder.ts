import { type Counts, sameCounts } from "./schemas/Counts.js"

/**
 * The order of a campaign's Slack reports (SPEC §6, "Ordered and final"), as pure rules
 * every ReportLedger adapter shares.
 *
 * `meta:counts` carries a version the counter's transaction (and a repair) bumps, so two
 * readings of the counts can be told apart in time. A report may be posted only under a
 * claim: a lease on `meta:slack:counts` that no other reporter can take while it lives,
 * and that is granted only for counts newer than the last posted ones, or for the final
 * report that closes an interim one.
 */

/** A reading of `meta:counts`: the three counts and the version of the write that made them (0 before any). */
export interface VersionedCounts extends Counts {
  readonly version: number
}

/** The report a reporter would post: a reading of the counts, and whether its file's changes are all counted. */
export interface ReportRequest {
  readonly counts: VersionedCounts
  /** False for an interim post ("counting still in progress"). */
  readonly final: boolean
}

/** The last report posted of a campaign. */
export interface PostedReport extends VersionedCounts {
  readonly final: boolean
  /** ISO-8601; absent on a report of an older ledger that never said. */
  readonly postedAt?: string
}

/** A report being posted: who holds the lease, until when (epoch ms), and what it posts. */
export interface ReportClaimHeld {
  readonly claimId: string
  readonly until: number
  readonly request: ReportRequest
}

/** What `meta:slack:counts` holds: the last posted report, and a claim in flight. */
export interface LedgerState {
  readonly posted?: PostedReport
  readonly claim?: ReportClaimHeld
}

/** The outcome of asking to post a report. */
export type ClaimDecision =
  | { readonly _tag: "Claimed"; readonly previous: PostedReport | undefined }
  /** Another reporter holds a live claim: ask again once it ends (it posts or lets go by then). */
  | { readonly _tag: "Busy"; readonly until: number }
  /** The last posted report already shows these counts or newer ones, and is final if this one is. */
  | { readonly _tag: "Reported"; readonly posted: PostedReport }

/** Is the claim alive at `now` (and not `claimId`'s own)? */
const othersLiveClaim = (state: LedgerState, claimId: string, now: number) =>
  state.claim !== undefined && state.claim.claimId !== claimId && state.claim.until > now

/**
 * May `request` be posted after `posted`? When its counts are newer and differ (a post
 * never repeats the last one), or when it is the final report of counts an interim post
 * showed, or newer (it closes the interim post).
 */
export const mayFollow = (posted: PostedReport | undefined, request: ReportRequest) => {
  if (posted === undefined) return true
  const newer = request.counts.version > posted.version && !sameCounts(request.counts, posted)
  const closes = request.final && !posted.final && request.counts.version >= posted.version
  return newer || closes
}

/** Whether `claimId` may claim the post of `request` at `now`, given what the ledger holds. */
export const decideClaim = (state: LedgerState | undefined, request: ReportRequest, claimId: string, now: number): ClaimDecision => {
  if (state === undefined) return { _tag: "Claimed", previous: undefined }
  // A retry of this very claim (its first answer lost) finds it held: it holds it still.
  if (state.claim?.claimId === claimId) return { _tag: "Claimed", previous: state.posted }
  if (othersLiveClaim(state, claimId, now)) return { _tag: "Busy", until: state.claim!.until }
  if (mayFollow(state.posted, request)) return { _tag: "Claimed", previous: state.posted }
  return { _tag: "Reported", posted: state.posted! }
}

/** How long a claim lives, and how much of it a post needs (the Slack call's whole timeout, and a margin). */
export interface ClaimTiming {
  readonly leaseMillis: number
  readonly postMillis: number
}

/** A post may start only while the lease outlasts it: after its end another reporter may post newer counts. */
export const mayStartPost = (until: number, now: number, timing: ClaimTiming) => until - now >= timing.postMillis

/** The request's counts as posted at `postedAt`. */
export const postedReport = (request: ReportRequest, postedAt: string): PostedReport => ({
  ...request.counts,
  final: request.final,
  postedAt
})
