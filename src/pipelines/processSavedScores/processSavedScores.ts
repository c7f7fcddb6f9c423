import { Effect } from "effect"
import type { CampaignCounts } from "../../services/CampaignCounts.js"
import { isZero } from "../../services/schemas/Counts.js"
import type { TableChange } from "../../services/schemas/TableChange.js"
import type { ConsumerReply } from "../delivery/incomingRecords.js"
import { commitDelivery } from "./commitDelivery.js"
import type { CountedChange } from "./countingPlan.js"
import { campaignOf, countDelta, isFanItem, writeRunOf } from "./countDelta.js"

/**
 * The result of processSavedScores. records: stream records received; ignored: not fan
 * items (meta: items); unchanged: fan changes that move no count; applied: changes added
 * to their campaign's counts now; duplicates: changes added before (redeliveries);
 * failed: changes whose counting failed (handed back).
 */
export interface SavedScoresResult {
  readonly records: number
  readonly ignored: number
  readonly unchanged: number
  readonly applied: number
  readonly duplicates: number
  readonly failed: number
}

/** A delivery of the table's stream to the counter: its shard (`<stream label>/<shard id>`) when the event names it, and its changes. */
export interface TableDelivery {
  readonly shard?: string
  readonly changes: ReadonlyArray<TableChange>
}

/**
 * Counts the demand table's changes (SPEC §5): each fan change's delta is summed per
 * campaign and added to `meta:counts` exactly once, however often the stream delivers it
 * (commitDelivery); a change a run's write made is counted for that run's progress too.
 */
export const processSavedScores = ({ shard, changes }: TableDelivery): Effect.Effect<ConsumerReply<SavedScoresResult>, never, CampaignCounts> =>
  Effect.gen(function* () {
    let ignored = 0
    let unchanged = 0
    const moving: Array<CountedChange> = []
    for (const change of changes) {
      if (!isFanItem(change.keys)) ignored++
      else {
        const delta = countDelta(change)
        if (isZero(delta)) unchanged++
        else {
          const run = writeRunOf(change)
          const { eventID, sequenceNumber } = change
          moving.push({ campaignId: campaignOf(change.keys), eventID, sequenceNumber, delta, ...(run === undefined ? {} : { run }) })
        }
      }
    }
    const counted = yield* commitDelivery(shard, moving)
    const failed = counted.failed?.changes ?? []
    if (counted.failed !== undefined) yield* Effect.logError(`${failed.length} count changes not applied: ${counted.failed.error.message}`)
    return {
      result: { records: changes.length, ignored, unchanged, applied: counted.applied, duplicates: counted.duplicates, failed: failed.length },
      retry: failed.map((change) => change.sequenceNumber)
    }
  }).pipe(Effect.annotateLogs({ worker: "processSavedScores" }))
