import { Clock, Duration, Effect, Either } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import type { SlackError } from "../../services/errors.js"
import { ReportLedger } from "../../services/ReportLedger.js"
import { type ClaimTiming, mayStartPost, type PostedReport, postedReport, type ReportRequest } from "../../services/reportOrder.js"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { type SlackMessage, SlackNotifier } from "../../services/SlackNotifier.js"
import { verdictSlackMessage } from "./verdictSlackMessage.js"

/** How a claimed post is made: the claim's timing, and the longest Retry-After waited out within it. */
export interface PostTiming extends ClaimTiming {
  readonly maxRetryAfterSeconds: number
}

/** What became of a report: posted; not needed (the last post shows these counts or newer ones); another reporter's to post; or not posted. */
export type PostOutcome =
  | { readonly _tag: "Posted" }
  | { readonly _tag: "Bypassed"; readonly posted: PostedReport }
  | { readonly _tag: "Busy"; readonly until: number }
  | { readonly _tag: "NotPosted"; readonly error: SlackError; readonly askAgainSeconds: number }

/** Asked again this soon after a failed post whose failure gives no Retry-After. */
const askAgainAfterFailure = 5

const campaignName = (campaignId: string) =>
  Effect.flatMap(CampaignService, (service) => service.getCampaign(campaignId)).pipe(
    Effect.map((campaign) => campaign.name),
    Effect.orElseSucceed(() => campaignId)
  )

/**
 * Posts while the claim lives: a post starts only with time enough left in the lease for
 * the whole Slack call, so no post can land after another reporter's newer one. A short
 * Retry-After is waited out once when the lease outlasts it; else the post is given up.
 */
const postWithinClaim = (message: SlackMessage, until: number, timing: PostTiming) =>
  Effect.gen(function* () {
    const slack = yield* SlackNotifier
    for (let tries = 1; ; tries++) {
      const sent = yield* Effect.either(slack.post(message))
      if (Either.isRight(sent)) return Either.right(undefined)
      const error = sent.left
      const wait = error.retryAfterSeconds
      const now = yield* Clock.currentTimeMillis
      const retryIn = wait ?? askAgainAfterFailure
      const waitable = wait !== undefined && wait <= timing.maxRetryAfterSeconds && mayStartPost(until, now + wait * 1000, timing)
      if (tries > 1 || !waitable) return Either.left({ error, askAgainSeconds: retryIn })
      yield* Effect.sleep(Duration.seconds(wait))
    }
  })

/**
 * Claims the post of `request` (reportOrder.ts), posts it and confirms it; a failed post
 * lets the claim go at once, so another reporter never waits for it. The campaign's name
 * is looked up before the claim: a slow Campaign Service never eats into the lease.
 */
export const postUnderClaim = (message: VerdictMessage, request: ReportRequest, timing: PostTiming) =>
  Effect.gen(function* () {
    const ledger = yield* ReportLedger
    const campaignId = message.campaignId
    const name = yield* campaignName(campaignId)
    const claimId = crypto.randomUUID()
    const until = (yield* Clock.currentTimeMillis) + timing.leaseMillis
    const decision = yield* ledger.claimReport(campaignId, request, claimId, until)
    if (decision._tag === "Busy") return decision satisfies PostOutcome
    if (decision._tag === "Reported") return { _tag: "Bypassed", posted: decision.posted } satisfies PostOutcome
    const previous = decision.previous
    const { source, rejects, quality } = message
    const inProgress = !request.final
    const report = { campaignId, campaignName: name, counts: request.counts, previous, source, inProgress, rejects, quality }
    const posted = yield* postWithinClaim(verdictSlackMessage(report), until, timing)
    if (Either.isLeft(posted)) {
      yield* ledger.releaseReport(campaignId, claimId, previous)
      return { _tag: "NotPosted", ...posted.left } satisfies PostOutcome
    }
    const postedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    yield* ledger.confirmReport(campaignId, claimId, postedReport(request, postedAt))
    return { _tag: "Posted" } satisfies PostOutcome
  })
