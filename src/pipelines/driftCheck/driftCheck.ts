import { Clock, type Duration, Effect, Schema } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { DemandTableError } from "../../services/errors.js"
import type { Counts } from "../../services/schemas/Counts.js"
import { type MetricCounts, WorkerMetrics } from "../../services/WorkerMetrics.js"
import { reconcileCounts } from "../reconcileCounts/reconcileCounts.js"

/** What a drift check is asked: the campaigns (default: those changed in the last `hours`), and whether to repair. */
export interface DriftCheckRequest {
  readonly campaigns?: ReadonlyArray<string>
  /** How far back a change makes a campaign checked (default 24: the last day). */
  readonly hours?: number
  /** Repair a drift found (default false: measure only). */
  readonly repair?: boolean
}

/** One campaign's check: its drift (recount − stored), duplicate fan items, and whether it was quiet enough to measure. */
export interface CampaignDrift {
  readonly campaignId: string
  readonly fans: number
  readonly drift: Counts
  /** |verified| + |rejected| + |selected| of the drift: the CountDrift metric. */
  readonly driftTotal: number
  readonly duplicates: number
  /** False: the campaign was being counted on every try, or its reads failed; its drift was not measured (nor repaired). */
  readonly measured: boolean
  readonly repaired: boolean
  /** Why the campaign could not be checked (a table call that failed after its retries); absent when it was. */
  readonly failure?: string
}

export interface DriftCheckResult {
  readonly checked: number
  readonly drifted: number
  readonly duplicated: number
  readonly busy: number
  /** Campaigns whose check failed (see `failure`): the others were still checked. */
  readonly failed: number
  readonly repaired: number
  readonly campaigns: ReadonlyArray<CampaignDrift>
}

export interface DriftCheckOptions {
  /** Reconcile's wait between its two recounts (default 2 s). */
  readonly quietFor?: Duration.DurationInput
  readonly tries?: number
}

export const driftCheckWorker = "driftCheck"

/** A check that could not measure every campaign it was given: the invocation fails, so the schedule retries it and the function's errors show it. */
export class DriftCheckIncomplete extends Schema.TaggedError<DriftCheckIncomplete>()("DriftCheckIncomplete", {
  failed: Schema.Array(Schema.String),
  reason: Schema.String
}) {
  override get message() {
    return `drift check: ${this.failed.length} campaigns could not be checked (${this.failed.slice(0, 5).join(", ")}${this.failed.length > 5 ? ", …" : ""}): ${this.reason}`
  }
}

/** Succeeds with the result when every campaign was checked; else fails naming those that were not. */
export const everyCampaignChecked = (result: DriftCheckResult): Effect.Effect<DriftCheckResult, DriftCheckIncomplete> => {
  const failed = result.campaigns.filter((c) => c.failure !== undefined)
  return failed.length === 0
    ? Effect.succeed(result)
    : Effect.fail(new DriftCheckIncomplete({ failed: failed.map((c) => c.campaignId), reason: failed[0]!.failure! }))
}

const totalOf = (drift: Counts) => Math.abs(drift.verified) + Math.abs(drift.rejected) + Math.abs(drift.selected)

/** A campaign's metrics: its drift and duplicates when measured, else that it was busy. */
const campaignMetrics = (checked: CampaignDrift): MetricCounts =>
  checked.measured ? { CountDrift: checked.driftTotal, DuplicateFanItems: checked.duplicates, Fans: checked.fans } : { CampaignsBusy: 1 }

const noCounts: Counts = { verified: 0, rejected: 0, selected: 0 }

/** A campaign whose check failed: nothing measured, so no drift is published for it; the others go on. */
const failedCheck = (campaignId: string, error: DemandTableError): Effect.Effect<CampaignDrift> =>
  Effect.as(Effect.logWarning(`campaign ${campaignId}: not checked: ${error.message}`).pipe(Effect.annotateLogs({ campaignId })), {
    campaignId,
    fans: 0,
    drift: noCounts,
    driftTotal: 0,
    duplicates: 0,
    measured: false,
    repaired: false,
    failure: error.message
  })

/**
 * Count accuracy and de-duplication (SPEC §13): recounts each campaign whose counts changed in
 * the last day (the byChangeDay index), or those named, as reconcile does (two recounts that
 * agree, the counts' version unchanged between them), and publishes per campaign its drift
 * and its duplicate fan items (metrics CountDrift and DuplicateFanItems, the campaign named
 * in the document), then how many were checked. Repairs nothing unless asked.
 */
export const driftCheck = (
  request: DriftCheckRequest,
  options: DriftCheckOptions = {}
): Effect.Effect<DriftCheckResult, DemandTableError, CampaignCounts | WorkerMetrics> =>
  Effect.gen(function* () {
    const metrics = yield* WorkerMetrics
    const now = yield* Clock.currentTimeMillis
    const since = now - (request.hours ?? 24) * 60 * 60 * 1000
    const campaigns = request.campaigns ?? (yield* (yield* CampaignCounts).changedCampaigns(since))
    yield* Effect.logInfo(`drift check: ${campaigns.length} campaigns${request.repair === true ? ", repairing" : ""}`)
    const check = (campaignId: string) =>
      Effect.map(reconcileCounts(campaignId, { ...options, repair: request.repair === true }), (r): CampaignDrift => ({
        campaignId,
        fans: r.fans,
        drift: r.drift,
        driftTotal: totalOf(r.drift),
        duplicates: r.duplicates,
        measured: r.quiet,
        repaired: r.repaired
      })).pipe(
        Effect.catchTag("DemandTableError", (error) => failedCheck(campaignId, error)),
        Effect.tap((checked) => (checked.failure === undefined ? metrics.publish(driftCheckWorker, campaignMetrics(checked), { campaignId }) : Effect.void))
      )
    const checked = yield* Effect.forEach(campaigns, check, { concurrency: 2 })
    const result: DriftCheckResult = {
      checked: checked.length,
      drifted: checked.filter((c) => c.measured && c.driftTotal > 0).length,
      duplicated: checked.filter((c) => c.measured && c.duplicates > 0).length,
      busy: checked.filter((c) => !c.measured && c.failure === undefined).length,
      failed: checked.filter((c) => c.failure !== undefined).length,
      repaired: checked.filter((c) => c.repaired).length,
      campaigns: checked
    }
    yield* metrics.publish(driftCheckWorker, { CampaignsChecked: result.checked, CampaignsBusy: result.busy })
    yield* (result.drifted + result.duplicated + result.failed > 0 ? Effect.logWarning : Effect.logInfo)(
      `drift check: ${result.checked} campaigns checked, ${result.drifted} drifted, ${result.duplicated} with duplicate fan items, ${result.busy} being counted, ${result.failed} failed, ${result.repaired} repaired`
    )
    return result
  }).pipe(Effect.annotateLogs({ worker: driftCheckWorker }))
