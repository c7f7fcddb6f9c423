import { Effect, Option, Stream } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { DemandTableError } from "../../services/errors.js"
import { addCounts, type Counts, isZero, zeroCounts } from "../../services/schemas/Counts.js"
import { contribution } from "../processSavedScores/countDelta.js"

/** What reconcile found and did: the counts stored, the recount, and their difference. */
export interface ReconcileResult {
  readonly campaignId: string
  readonly fans: number
  readonly stored: Counts | undefined
  readonly recounted: Counts
  /** recounted − stored: what `meta:counts` was off by. */
  readonly drift: Counts
  readonly repaired: boolean
}

const minus = (a: Counts, b: Counts): Counts => ({
  verified: a.verified - b.verified,
  rejected: a.rejected - b.rejected,
  selected: a.selected - b.selected
})

/**
 * Recounts a campaign from its fan items by the rule of SPEC §5 and repairs
 * `meta:counts` when it drifted (or is missing). Run it while the flow is quiet: changes
 * counted during the recount would be counted twice.
 */
export const reconcileCounts = (campaignId: string): Effect.Effect<ReconcileResult, DemandTableError, CampaignCounts> =>
  Effect.gen(function* () {
    const counts = yield* CampaignCounts
    const { fans, recounted } = yield* counts.campaignFans(campaignId).pipe(
      Stream.runFold({ fans: 0, recounted: zeroCounts }, (acc, item) => ({
        fans: acc.fans + 1,
        recounted: addCounts(acc.recounted, contribution(item))
      }))
    )
    const stored = Option.getOrUndefined(yield* counts.getCounts(campaignId))
    const drift = minus(recounted, stored ?? zeroCounts)
    const repaired = stored === undefined ? fans > 0 : !isZero(drift)
    if (repaired) yield* counts.setCounts(campaignId, recounted)
    yield* Effect.logInfo(`campaign ${campaignId}: ${fans} fans; drift ${JSON.stringify(drift)}${repaired ? ", repaired" : ""}`)
    return { campaignId, fans, stored, recounted, drift, repaired }
  }).pipe(Effect.annotateLogs({ worker: "reconcile", campaignId }))
