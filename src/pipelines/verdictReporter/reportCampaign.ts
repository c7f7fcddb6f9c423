import { Clock, Effect, Either, Option } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { VersionedCounts } from "../../services/reportOrder.js"
import { zeroCounts } from "../../services/schemas/Counts.js"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { type PostOutcome, postUnderClaim, type PostTiming } from "./postUnderClaim.js"
import { fileCounted } from "./settleEvidence.js"
import { publishTimeliness } from "./timeliness.js"
import type { VerdictTally } from "./VerdictReporterResult.js"

export interface ReporterSettings extends PostTiming {
  readonly settleSeconds: number
  readonly maxAttempts: number
  /** How long a report waits for its file's changes to be counted before it is given up (logged, naming reconcile). */
  readonly giveUpSeconds: number
}

export { isSettled } from "./settleEvidence.js"

/** Final reports tried in one handling when the last post turns out to be a newer interim one (its counts are read again). */
const closingRounds = 3

const readCounts = (campaignId: string) =>
  Effect.map(
    Effect.flatMap(CampaignCounts, (counts) => counts.getCounts(campaignId)),
    Option.getOrElse((): VersionedCounts => ({ ...zeroCounts, version: 0 }))
  )

/** Sends the message again after `delaySeconds` (1 s to SQS's 900 s); false when it could not be sent (it then comes back as a failure). */
const sendAgain = (message: VerdictMessage, delaySeconds: number, tally: VerdictTally) =>
  Effect.gen(function* () {
    const delay = Math.min(900, Math.max(1, Math.ceil(delaySeconds)))
    const sent = yield* Effect.either((yield* VerdictQueue).send(message, delay))
    if (Either.isRight(sent)) tally.sent++
    else tally.requeueFailed++
    return Either.isRight(sent)
  })

/** Asks again in VERDICT_SETTLE_SECONDS, with what was seen. */
const requeue = (message: VerdictMessage, counts: VersionedCounts, since: number, tally: VerdictTally, settings: ReporterSettings) =>
  sendAgain(
    { ...message, lastSeen: counts.verified + counts.rejected, attempt: (message.attempt ?? 0) + 1, since },
    settings.settleSeconds,
    tally
  )

/**
 * A report that could not be made now: another reporter's claim lives (asked again when it
 * ends), or the post failed (asked again after Retry-After, or a few seconds) — never left
 * to the queue's visibility timeout. A failure Slack calls final (a bad token, a missing
 * channel), or posts failing for VERDICT_GIVE_UP_SECONDS, come back as a batch item
 * failure instead: to the dead-letter queue in the end, where an alarm sees them.
 */
const notNow = (message: VerdictMessage, outcome: PostOutcome, tally: VerdictTally, now: number, settings: ReporterSettings) =>
  Effect.gen(function* () {
    const waiting = { ...message, since: message.since ?? now }
    if (outcome._tag === "Busy") return yield* sendAgain(waiting, (outcome.until - now) / 1000 + 1, tally)
    if (outcome._tag !== "NotPosted") return true
    tally.slackFailed++
    yield* Effect.logError(`campaign ${message.campaignId}: counts not posted: ${outcome.error.message}`)
    const tooLong = now - waiting.since >= settings.giveUpSeconds * 1000
    return outcome.error.retryable && !tooLong ? yield* sendAgain(waiting, outcome.askAgainSeconds, tally) : false
  })

/**
 * One campaign's verdict message: report its counts once its file's changes are counted,
 * else ask again later. At the attempt cap the counts are posted as they are, saying that
 * counting is still in progress, and the message goes on asking until the final report is
 * posted (also when the counts did not move: it closes the interim one), or until it has
 * waited VERDICT_GIVE_UP_SECONDS. Posts are ordered by the counts' version (reportOrder.ts).
 * Succeeds with false when the message must come back.
 */
export const reportCampaign = (message: VerdictMessage, tally: VerdictTally, settings: ReporterSettings) =>
  Effect.gen(function* () {
    for (let round = 1; ; round++) {
      const counts = yield* readCounts(message.campaignId)
      const now = yield* Clock.currentTimeMillis
      const evidence = yield* fileCounted(message, counts, settings.maxAttempts)
      if (evidence.counted) {
        const outcome = yield* postUnderClaim(message, { counts, final: true }, settings)
        if (outcome._tag === "Posted") tally.posted++, yield* publishTimeliness(message, evidence)
        // A newer interim post stands: read the counts again, and close it.
        if (outcome._tag === "Bypassed" && !outcome.posted.final && round < closingRounds) continue
        if (outcome._tag === "Bypassed") tally.bypassed++
        return yield* notNow(message, outcome, tally, now, settings)
      }
      const since = message.since ?? now
      if (now - since >= settings.giveUpSeconds * 1000) {
        tally.gaveUp++
        const wait = Math.round((now - since) / 1000)
        yield* Effect.logError(
          `campaign ${message.campaignId}: the changes of ${message.source ?? "its file"} were not all counted after ${wait} s; ` +
            `the counts may be short: run vf-workers reconcile ${message.campaignId} once the flow is quiet`
        )
        return true
      }
      if ((message.attempt ?? 0) === settings.maxAttempts) {
        const outcome = yield* postUnderClaim(message, { counts, final: false }, settings)
        if (outcome._tag === "Posted") tally.posted++, tally.interim++
        // The interim post is tried again (same attempt) until made or not needed.
        if (outcome._tag === "Busy" || outcome._tag === "NotPosted") return yield* notNow(message, outcome, tally, now, settings)
      }
      return yield* requeue(message, counts, since, tally, settings)
    }
  }).pipe(
    Effect.catchTag("DemandTableError", (error) =>
      Effect.as(Effect.logError(`campaign ${message.campaignId}: ${error.message}`), false)
    ),
    Effect.annotateLogs({ campaignId: message.campaignId })
  )
