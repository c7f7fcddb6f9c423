import { Duration, Effect, Option, Stream } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { DemandTableError } from "../../services/errors.js"
import { addCounts, type Counts, isZero, sameCounts, zeroCounts } from "../../services/schemas/Counts.js"
import { duplicateCounter } from "../../services/fanIdentities.js"
import { contribution } from "../processSavedScores/countDelta.js"

/** What reconcile found and did: the counts stored, the recount, and their difference. */
export interface ReconcileResult {
  readonly campaignId: string
  readonly fans: number
  readonly stored: Counts | undefined
  readonly recounted: Counts
  /** recounted − stored: what `meta:counts` was off by. */
  readonly drift: Counts
  /** Fan items sharing an identifier with another of the campaign's: fan items beyond the first of their fan (SPEC §13). */
  readonly duplicates: number
  readonly repaired: boolean
  /** False when the campaign was being counted through every try: nothing was written, run it again when the flow is quiet. */
  readonly quiet: boolean
}

export interface ReconcileOptions {
  /** How long the counts and the recount must stay the same before a repair (default 2 s: the index's lag is well under). */
  readonly quietFor?: Duration.DurationInput
  /** Tries before giving up on a campaign that keeps being counted (default 5). */
  readonly tries?: number
  /** Whether a drift found is repaired (default true); false measures it only (the drift check). */
  readonly repair?: boolean
}

const minus = (a: Counts, b: Counts): Counts => ({
  verified: a.verified - b.verified,
  rejected: a.rejected - b.rejected,
  selected: a.selected - b.selected
})

const recount = (campaignId: string) =>
  Effect.flatMap(CampaignCounts, (counts) =>
    Effect.suspend(() => {
      const isDuplicate = duplicateCounter()
      return counts.campaignFans(campaignId).pipe(
        Stream.runFold({ fans: 0, recounted: zeroCounts, duplicates: 0 }, (acc, item) => ({
          fans: acc.fans + 1,
          recounted: addCounts(acc.recounted, contribution(item)),
          duplicates: acc.duplicates + (isDuplicate(item) ? 1 : 0)
        }))
      )
    })
  )

/**
 * Recounts a campaign from its fan items by the rule of SPEC §5 (and finds its duplicate
 * fan items) and repairs `meta:counts` when it drifted (or is missing), unless told not to. Safe beside a running flow: the repair is written only
 * if no counting transaction came since the counts were read (their version), and only
 * when two recounts `quietFor` apart agree with the counts' version unchanged between them
 * (the campaign is not being counted, and the index has caught up); else it tries again,
 * and after `tries` it writes nothing and says so.
 */
export const reconcileCounts = (
  campaignId: string,
  options: ReconcileOptions = {}
): Effect.Effect<ReconcileResult, DemandTableError, CampaignCounts> =>
  Effect.gen(function* () {
    const counts = yield* CampaignCounts
    const quietFor = Duration.decode(options.quietFor ?? Duration.seconds(2))
    const wait = Duration.toMillis(quietFor) > 0 ? Effect.sleep(quietFor) : Effect.void
    const tries = options.tries ?? 5
    let last: ReconcileResult | undefined
    for (let attempt = 1; attempt <= tries; attempt++) {
      const before = Option.getOrUndefined(yield* counts.getCounts(campaignId))
      const first = yield* recount(campaignId)
      yield* wait
      const { fans, recounted, duplicates } = yield* recount(campaignId)
      const stored = Option.getOrUndefined(yield* counts.getCounts(campaignId))
      const drift = minus(recounted, stored ?? zeroCounts)
      const quiet = (before?.version ?? 0) === (stored?.version ?? 0) && sameCounts(first.recounted, recounted)
      const needed = stored === undefined ? fans > 0 : !isZero(drift)
      const plain = stored === undefined ? undefined : { verified: stored.verified, rejected: stored.rejected, selected: stored.selected }
      last = { campaignId, fans, stored: plain, recounted, drift, duplicates, repaired: false, quiet }
      if (quiet && (!needed || options.repair === false)) break
      if (quiet && (yield* counts.setCounts(campaignId, recounted, stored?.version ?? 0))) {
        last = { ...last, repaired: true }
        break
      }
      last = { ...last, quiet: false }
      yield* Effect.logInfo(`campaign ${campaignId}: being counted (try ${attempt} of ${tries}); recounting again`)
      yield* wait
    }
    const result = last!
    const outcome = result.repaired ? ", repaired" : result.quiet ? "" : "; still being counted: nothing written, run it again when the flow is quiet"
    yield* (result.quiet ? Effect.logInfo : Effect.logWarning)(
      `campaign ${campaignId}: ${result.fans} fans; drift ${JSON.stringify(result.drift)}; ${result.duplicates} duplicate fan items${outcome}`
    )
    return result
  }).pipe(Effect.annotateLogs({ worker: "reconcile", campaignId }))
