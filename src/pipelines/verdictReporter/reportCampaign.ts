import { Clock, Duration, Effect, Either, Option } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import { CampaignService } from "../../services/CampaignService.js"
import { ReportLedger } from "../../services/ReportLedger.js"
import type { Counts, ReportedCounts } from "../../services/schemas/Counts.js"
import { zeroCounts } from "../../services/schemas/Counts.js"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { type SlackMessage, SlackNotifier } from "../../services/SlackNotifier.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import type { VerdictTally } from "./VerdictReporterResult.js"
import { verdictSlackMessage } from "./verdictSlackMessage.js"

export interface ReporterSettings {
  readonly settleSeconds: number
  readonly maxAttempts: number
  /** A rate limit up to this long is waited out once before the message is handed back. */
  readonly maxRetryAfterSeconds: number
}

/** SPEC §6: settled when total = count, or total = lastSeen, or attempt ≥ max. */
export const isSettled = (message: VerdictMessage, counts: Counts, maxAttempts: number) => {
  const total = counts.verified + counts.rejected
  return total === message.count || total === message.lastSeen || (message.attempt ?? 0) >= maxAttempts
}

const campaignName = (campaignId: string) =>
  Effect.flatMap(CampaignService, (service) => service.getCampaign(campaignId)).pipe(
    Effect.map((campaign) => campaign.name),
    Effect.orElseSucceed(() => campaignId)
  )

/** Posts once more after Slack's Retry-After when it is short; any other failure stands. */
const postHonouringRetryAfter = (message: SlackMessage, settings: ReporterSettings) =>
  Effect.flatMap(SlackNotifier, (slack) =>
    slack.post(message).pipe(
      Effect.catchTag("SlackError", (error) =>
        error.retryAfterSeconds !== undefined && error.retryAfterSeconds <= settings.maxRetryAfterSeconds
          ? Effect.zipRight(Effect.sleep(Duration.seconds(error.retryAfterSeconds)), slack.post(message))
          : Effect.fail(error)
      )
    )
  )

/** Claims the counts, posts them, and confirms; a failed post gives the claim back. */
const postCounts = (message: VerdictMessage, counts: Counts, tally: VerdictTally, settings: ReporterSettings) =>
  Effect.gen(function* () {
    const ledger = yield* ReportLedger
    const claimId = crypto.randomUUID()
    const claim = yield* ledger.claimReport(message.campaignId, counts, claimId)
    if (claim._tag === "AlreadyReported") {
      tally.bypassed++
      return true
    }
    const previous: ReportedCounts | undefined = claim.previous
    const campaignId = message.campaignId
    const report = { campaignId, campaignName: yield* campaignName(campaignId), counts, previous, source: message.source }
    const posted = yield* Effect.either(postHonouringRetryAfter(verdictSlackMessage(report), settings))
    if (Either.isLeft(posted)) {
      yield* ledger.releaseReport(campaignId, claimId, previous)
      tally.slackFailed++
      yield* Effect.logError(`campaign ${campaignId}: counts not posted: ${posted.left.message}`)
      return false
    }
    const postedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    yield* ledger.confirmReport(campaignId, claimId, postedAt)
    tally.posted++
    return true
  })

/**
 * One campaign's verdict message: report its counts when settled, else ask again later
 * with what was seen. Succeeds with false when the message must come back.
 */
export const reportCampaign = (message: VerdictMessage, tally: VerdictTally, settings: ReporterSettings) =>
  Effect.gen(function* () {
    const counts = Option.getOrElse(yield* (yield* CampaignCounts).getCounts(message.campaignId), () => zeroCounts)
    if (isSettled(message, counts, settings.maxAttempts)) return yield* postCounts(message, counts, tally, settings)
    const next: VerdictMessage = {
      ...message,
      lastSeen: counts.verified + counts.rejected,
      attempt: (message.attempt ?? 0) + 1
    }
    const sent = yield* Effect.either((yield* VerdictQueue).send(next, settings.settleSeconds))
    if (Either.isRight(sent)) tally.sent++
    else tally.requeueFailed++
    return Either.isRight(sent)
  }).pipe(
    Effect.catchTag("DemandTableError", (error) =>
      Effect.as(Effect.logError(`campaign ${message.campaignId}: ${error.message}`), false)
    ),
    Effect.annotateLogs({ campaignId: message.campaignId })
  )
