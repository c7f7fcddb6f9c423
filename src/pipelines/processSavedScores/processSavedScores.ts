import { Effect, Either } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import { type CountChange, isZero } from "../../services/schemas/Counts.js"
import type { TableChange } from "../../services/schemas/TableChange.js"
import { groupBy } from "../../services/groupBy.js"
import type { ConsumerReply } from "../shared/incomingRecords.js"
import { campaignOf, countDelta, isFanItem, writeRunOf } from "./countDelta.js"

/**
 * The result of processSavedScores. records: stream records received; ignored: not fan
 * items (meta: items); unchanged: fan changes that move no count; applied: changes added
 * to their campaign's counts now; duplicates: changes applied before (redeliveries);
 * failed: changes whose counts update failed (handed back).
 */
export interface SavedScoresResult {
  readonly records: number
  readonly ignored: number
  readonly unchanged: number
  readonly applied: number
  readonly duplicates: number
  readonly failed: number
}

interface CampaignChange extends CountChange {
  readonly campaignId: string
  readonly sequenceNumber: string
}

/**
 * Counts the demand table's changes (SPEC §5): each fan change's delta is summed per
 * campaign and added to `meta:counts` exactly once per eventID, however often the
 * stream delivers it; a change a run's write made is counted for that run's progress too.
 */
export const processSavedScores = (
  changes: ReadonlyArray<TableChange>
): Effect.Effect<ConsumerReply<SavedScoresResult>, never, CampaignCounts> =>
  Effect.gen(function* () {
    const counts = yield* CampaignCounts
    const tally = { records: changes.length, ignored: 0, unchanged: 0, applied: 0, duplicates: 0, failed: 0 }
    const retry: Array<string> = []
    const moving: Array<CampaignChange> = []
    for (const change of changes) {
      if (!isFanItem(change.keys)) tally.ignored++
      else {
        const delta = countDelta(change)
        if (isZero(delta)) tally.unchanged++
        else {
          const run = writeRunOf(change)
          const campaign = { campaignId: campaignOf(change.keys), sequenceNumber: change.sequenceNumber }
          moving.push({ ...campaign, eventID: change.eventID, delta, ...(run === undefined ? {} : { run }) })
        }
      }
    }
    const addCampaign = ([campaignId, group]: [string, ReadonlyArray<CampaignChange>]) =>
      Effect.gen(function* () {
        const outcome = yield* Effect.either(counts.addToCounts(campaignId, group))
        if (Either.isRight(outcome)) {
          tally.applied += outcome.right.applied
          tally.duplicates += outcome.right.duplicates
          return
        }
        tally.failed += group.length
        retry.push(...group.map((change) => change.sequenceNumber))
        yield* Effect.logError(`campaign ${campaignId}: ${group.length} count changes not applied: ${outcome.left.message}`)
      })
    yield* Effect.forEach(groupBy(moving, (change) => change.campaignId), addCampaign, { concurrency: 4, discard: true })
    return { result: tally, retry }
  }).pipe(Effect.annotateLogs({ worker: "processSavedScores" }))
