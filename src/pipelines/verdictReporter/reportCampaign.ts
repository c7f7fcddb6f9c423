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
import { isFileCounted } from "./settleEvidence.js"

export interface ReporterSettings {
  readonly settleSeconds: number
  readonly maxAttempts: number
  /** A rate limit up to this long is waited out once before the message is handed back. */
  readonly maxRetryAfterSeconds: number
  /** How long a report waits for its file's changes to be counted before it is given up (logged, naming reconcile). */
  readonly giveUpSeconds: number
}

export { isSettled } from "./settleEvidence.js"

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
const postCounts = (message: VerdictMessage, counts: Counts, tally: VerdictTally, settings: ReporterSettings, inProgress: boolean) =>
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
    const { source, rejects, quality } = message
    const report = { campaignId, campaignName: yield* campaignName(campaignId), counts, previous, source, inProgress, rejects, quality }
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
    if (inProgress) tally.interim++
    return true
  })

/** Asks again in VERDICT_SETTLE_SECONDS, with what was seen. */
const requeue = (message: VerdictMessage, counts: Counts, since: number, tally: VerdictTally, settings: ReporterSettings) =>
  Effect.gen(function* () {
    const next: VerdictMessage = { ...message, lastSeen: counts.verified + counts.rejected, attempt: (message.attempt ?? 0) + 1, since }
    const sent = yield* Effect.either((yield* VerdictQueue).send(next, settings.settleSeconds))
    if (Either.isRight(sent)) tally.sent++
    else tally.requeueFailed++
    return Either.isRight(sent)
  })

/**
 * One campaign's verdict message: report its counts once its file's changes are counted,
 * else ask again later. At the attempt cap the counts are posted as they are, saying that
 * counting is still in progress, and the message goes on asking until the final counts can
 * be posted, or until it has waited VERDICT_GIVE_UP_SECONDS. Succeeds with false when the
 * message must come back.
 */
export const reportCampaign = (message: VerdictMessage, tally: VerdictTally, settings: ReporterSettings) =>
  Effect.gen(function* () {
    const counts = Option.getOrElse(yield* (yield* CampaignCounts).getCounts(message.campaignId), () => zeroCounts)
    if (yield* isFileCounted(message, counts, settings.maxAttempts)) return yield* postCounts(message, counts, tally, settings, false)
    const now = yield* Clock.currentTimeMillis
    const since = message.since ?? now
    if (now - since >= settings.giveUpSeconds * 1000) {
      tally.gaveUp++
      const wait = Math.round((now - since) / 1000)
      yield* Effect.logError(
        `campaign ${message.campaignId}: the changes of ${message.source ?? "its file"} were not all counted after ${wait} s; ` +
          `the counts may be short: run vf-workers reconcile ${message.campaignId}`
      )
      return true
    }
    if ((message.attempt ?? 0) === settings.maxAttempts && !(yield* postCounts(message, counts, tally, settings, true))) return false
    return yield* requeue(message, counts, since, tally, settings)
  }).pipe(
    Effect.catchTag("DemandTableError", (error) =>
      Effect.as(Effect.logError(`campaign ${message.campaignId}: ${error.message}`), false)
    ),
    Effect.annotateLogs({ campaignId: message.campaignId })
  )
