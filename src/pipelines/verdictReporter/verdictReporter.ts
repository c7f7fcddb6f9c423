import { Config, Effect, Either, Schema } from "effect"
import type { CampaignCounts } from "../../services/CampaignCounts.js"
import type { CampaignService } from "../../services/CampaignService.js"
import type { MissingSetting } from "../../services/errors.js"
import type { ReportLedger } from "../../services/ReportLedger.js"
import type { RunProgress } from "../../services/RunProgress.js"
import { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { setting } from "../../services/Settings.js"
import type { SlackNotifier } from "../../services/SlackNotifier.js"
import type { VerdictQueue } from "../../services/VerdictQueue.js"
import { groupBy } from "../../services/groupBy.js"
import { type ConsumerReply, describeParseError } from "../delivery/incomingRecords.js"
import { reportCampaign, type ReporterSettings } from "./reportCampaign.js"
import { reportClaimTiming } from "./reportClaimTiming.js"
import { type QueueMessageIn, type VerdictReporterResult, VerdictTally } from "./VerdictReporterResult.js"
import { settingNames } from "../../services/settingNames.js"

const decodeMessage = Schema.decodeUnknownEither(Schema.parseJson(VerdictMessage))

const seconds = (name: string, fallback: number) => setting(name, Config.integer(name).pipe(Config.withDefault(fallback)))

/**
 * VERDICT_SETTLE_SECONDS (30) and VERDICT_MAX_ATTEMPTS (20) of SPEC §2, and
 * VERDICT_GIVE_UP_SECONDS (6 hours: the stream mappings' maximum record age, after which a
 * change not yet counted never will be).
 */
export const reporterSettings: Effect.Effect<ReporterSettings, MissingSetting> = Effect.map(
  Effect.all({
    settleSeconds: seconds(settingNames.verdictSettleSeconds, 30),
    maxAttempts: seconds(settingNames.verdictMaxAttempts, 20),
    giveUpSeconds: seconds(settingNames.verdictGiveUpSeconds, 6 * 60 * 60),
    timing: reportClaimTiming
  }),
  ({ timing, ...rest }) => ({ ...rest, ...timing })
)

export type ReporterServices = CampaignCounts | ReportLedger | SlackNotifier | VerdictQueue | CampaignService | RunProgress

interface Received {
  readonly messageId: string
  readonly message: VerdictMessage
}

/** Of several messages of one report in a batch, the one with the highest count, then attempt (the last of equals). */
const highestCount = (received: ReadonlyArray<Received>) =>
  received.reduce((best, next) => {
    const [a, b] = [best.message, next.message]
    return b.count > a.count || (b.count === a.count && (b.attempt ?? 0) >= (a.attempt ?? 0)) ? next : best
  })

/** The report a message asks for: its file's load (messages of older loaders name none: one per campaign). */
const reportOf = ({ message }: Received) => `${message.run ?? ""}\u0000${message.loadId ?? ""}`

/**
 * Reports campaign counts to Slack once a file's changes are counted, once per distinct
 * counts (SPEC §6). A body
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
    // Campaigns four at a time; the reports of one campaign (one per file load) one after the other.
    const campaign = (group: ReadonlyArray<Received>) => Effect.forEach(groupBy(group, reportOf).values(), report, { discard: true })
    yield* Effect.forEach(groupBy(received, (r) => r.message.campaignId).values(), campaign, { concurrency: 4, discard: true })
    return { result: tally.result(), retry: tally.retry }
  }).pipe(Effect.annotateLogs({ worker: "verdictReporter" }))
