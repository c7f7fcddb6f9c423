import { Clock, type Duration, Effect } from "effect"
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
  /** False: the campaign was being counted on every try; its drift was not measured (nor repaired). */
  readonly measured: boolean
  readonly repaired: boolean
}

export interface DriftCheckResult {
  readonly checked: number
  readonly drifted: number
  readonly duplicated: number
  readonly busy: number
  readonly repaired: number
  readonly campaigns: ReadonlyArray<CampaignDrift>
}

export interface DriftCheckOptions {
  /** Reconcile's wait between its two recounts (default 2 s). */
  readonly quietFor?: Duration.DurationInput
  readonly tries?: number
}

export const driftCheckWorker = "driftCheck"

const totalOf = (drift: Counts) => Math.abs(drift.verified) + Math.abs(drift.rejected) + Math.abs(drift.selected)

/** A campaign's metrics: its drift and duplicates when measured, else that it was busy. */
const campaignMetrics = (checked: CampaignDrift): MetricCounts =>
  checked.measured ? { CountDrift: checked.driftTotal, DuplicateFanItems: checked.duplicates, Fans: checked.fans } : { CampaignsBusy: 1 }

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
      })).pipe(Effect.tap((checked) => metrics.publish(driftCheckWorker, campaignMetrics(checked), { campaignId })))
    const checked = yield* Effect.forEach(campaigns, check, { concurrency: 2 })
    const result: DriftCheckResult = {
      checked: checked.length,
      drifted: checked.filter((c) => c.measured && c.driftTotal > 0).length,
      duplicated: checked.filter((c) => c.measured && c.duplicates > 0).length,
      busy: checked.filter((c) => !c.measured).length,
      repaired: checked.filter((c) => c.repaired).length,
      campaigns: checked
    }
    yield* metrics.publish(driftCheckWorker, { CampaignsChecked: result.checked, CampaignsBusy: result.busy })
    yield* (result.drifted + result.duplicated > 0 ? Effect.logWarning : Effect.logInfo)(
      `drift check: ${result.checked} campaigns checked, ${result.drifted} drifted, ${result.duplicated} with duplicate fan items, ${result.busy} being counted, ${result.repaired} repaired`
    )
    return result
  }).pipe(Effect.annotateLogs({ worker: driftCheckWorker }))
