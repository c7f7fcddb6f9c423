import { Effect, Layer } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryReportLedger } from "../../../src/local/memory/MemoryReportLedger.js"
import { MemoryVerdictQueue } from "../../../src/local/memory/MemoryVerdictQueue.js"
import type { ReporterSettings } from "../../../src/pipelines/verdictReporter/reportCampaign.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { ServiceCallError, SlackError } from "../../../src/services/errors.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import type { Counts } from "../../../src/services/schemas/Counts.js"
import { type SlackMessage, SlackNotifier } from "../../../src/services/SlackNotifier.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"

export const settings: ReporterSettings = {
  settleSeconds: 30,
  maxAttempts: 3,
  maxRetryAfterSeconds: 2,
  giveUpSeconds: 3600,
  leaseMillis: 20_000,
  postMillis: 12_000
}

/** The reporter's services in memory; Slack answers as `slackAnswer` says for each post (1-based). */
export class ReporterWorld {
  readonly table = new MemoryDemandTable()
  readonly queue = new MemoryVerdictQueue()
  readonly posts: Array<SlackMessage> = []
  slackCalls = 0

  constructor(
    private readonly slackAnswer: (call: number) => SlackError | undefined = () => undefined,
    /** How long each Slack call takes (ms; none by default). */
    private readonly slackLatency: (call: number) => number = () => 0
  ) {}

  /** Sets the counts as a counting transaction would: a new version of them. */
  setCounts(campaignId: string, counts: Counts) {
    const key = { PK: `campaign:${campaignId}`, SK: "meta:counts" }
    const version = Number(this.table.item(key)?.["version"] ?? 0) + 1
    this.table.putItem({ ...key, ...counts, version })
  }

  get layer() {
    return Layer.mergeAll(
      Layer.succeed(CampaignCounts, memoryCampaignCounts(this.table)),
      Layer.succeed(ReportLedger, memoryReportLedger(this.table)),
      Layer.succeed(RunProgress, memoryRunProgress(this.table)),
      Layer.succeed(VerdictQueue, this.queue.service),
      Layer.succeed(CampaignService, {
        getCampaign: (id) =>
          id === "c1"
            ? Effect.succeed({ id, name: "Summer Tour 2026", markets: [] })
            : Effect.fail(new ServiceCallError({ service: "campaign", request: "GET", status: 404, reason: "no", retryable: false })),
        campaignsOfEvent: () => Effect.succeed([])
      }),
      Layer.succeed(SlackNotifier, {
        channel: "#verdicts",
        post: (message) =>
          Effect.suspend(() => {
            const call = ++this.slackCalls
            const latency = this.slackLatency(call)
            const answer = Effect.suspend(() => {
              const failure = this.slackAnswer(call)
              if (failure) return Effect.fail(failure)
              this.posts.push(message)
              return Effect.succeed({ ts: String(this.posts.length) })
            })
            return latency > 0 ? Effect.zipRight(Effect.sleep(latency), answer) : answer
          })
      })
    )
  }
}

export const rateLimited = (seconds: number) => new SlackError({ reason: "ratelimited", retryable: true, retryAfterSeconds: seconds })
export const serverError = new SlackError({ reason: "HTTP 500", retryable: true })

let id = 0
export const message = (body: object | string) => ({ messageId: `m${++id}`, body: typeof body === "string" ? body : JSON.stringify(body) })
