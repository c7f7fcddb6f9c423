import { Config, Effect, Either, Schema } from "effect"
import type { CampaignCounts } from "../../services/CampaignCounts.js"
import type { CampaignService } from "../../services/CampaignService.js"
import type { MissingSetting } from "../../services/errors.js"
import type { ReportLedger } from "../../services/ReportLedger.js"
import { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { setting } from "../../services/Settings.js"
import type { SlackNotifier } from "../../services/SlackNotifier.js"
import type { VerdictQueue } from "../../services/VerdictQueue.js"
import { groupBy } from "../shared/groupBy.js"
import { type ConsumerReply, describeParseError } from "../shared/incomingRecords.js"
import { reportCampaign, type ReporterSettings } from "./reportCampaign.js"
import { type QueueMessageIn, type VerdictReporterResult, VerdictTally } from "./VerdictReporterResult.js"

const decodeMessage = Schema.decodeUnknownEither(Schema.parseJson(VerdictMessage))

/** VERDICT_SETTLE_SECONDS (30) and VERDICT_MAX_ATTEMPTS (20) of SPEC §2. */
export const reporterSettings: Effect.Effect<ReporterSettings, MissingSetting> = Effect.all({
  settleSeconds: setting("VERDICT_SETTLE_SECONDS", Config.integer("VERDICT_SETTLE_SECONDS").pipe(Config.withDefault(30))),
  maxAttempts: setting("VERDICT_MAX_ATTEMPTS", Config.integer("VERDICT_MAX_ATTEMPTS").pipe(Config.withDefault(20))),
  maxRetryAfterSeconds: Effect.succeed(30)
})

export type ReporterServices = CampaignCounts | ReportLedger | SlackNotifier | VerdictQueue | CampaignService

interface Received {
  readonly messageId: string
  readonly message: VerdictMessage
}

/** Of several messages of one campaign in a batch, the one with the highest count (the last of equals). */
const highestCount = (received: ReadonlyArray<Received>) =>
  received.reduce((best, next) => (next.message.count >= best.message.count ? next : best))

/**
 * Reports settled campaign counts to Slack, once per distinct counts (SPEC §6). A body
 * that is not a verdict message is logged and dropped; a message whose report failed is
 * handed back (batch item failure).
 */
export const verdictReporter = (
  messages: ReadonlyArray<QueueMessageIn>,
  settings: ReporterSettings
): Effect.Effect<ConsumerReply<VerdictReporterResult>, never, ReporterServices> =>
  Effect.gen(function* () {
    const tally = new VerdictTally(messages.length)
    const received: Array<Received> = []
    for (const { messageId, body } of messages) {
      const message = decodeMessage(body)
      if (Either.isRight(message)) received.push({ messageId, message: message.right })
      else yield* Effect.logWarning(`message ${messageId} dropped: not a verdict message: ${describeParseError(message.left)}`)
    }
    const report = (group: ReadonlyArray<Received>) => {
      const chosen = highestCount(group)
      return Effect.map(reportCampaign(chosen.message, tally, settings), (done) => {
        if (!done) tally.retry.push(chosen.messageId)
      })
    }
    yield* Effect.forEach(groupBy(received, (r) => r.message.campaignId).values(), report, { concurrency: 4, discard: true })
    return { result: tally.result(), retry: tally.retry }
  }).pipe(Effect.annotateLogs({ worker: "verdictReporter" }))
