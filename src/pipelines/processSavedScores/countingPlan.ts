import { comparableSequence } from "../../services/RunProgress.js"
import { addCounts, type CountChange, type Counts, isZero, zeroCounts } from "../../services/schemas/Counts.js"
import { actionsPerCommit, type CommitGuard, type CountingCommit, type ShardPosition } from "../../services/schemas/CountingCommit.js"

/** A count-moving change of a delivery: its campaign and its place in the shard. */
export interface CountedChange extends CountChange {
  readonly campaignId: string
  readonly sequenceNumber: string
}

/** A commit, with the changes it adds (handed back when it fails) and those whose markers it looks at or puts. */
export interface PlannedCommit {
  readonly commit: CountingCommit
  readonly changes: ReadonlyArray<CountedChange>
  readonly marked: ReadonlySet<string>
}

/** Records per counter invocation (the stack's mapping on the table's stream): one transaction adds them all. */
export const counterBatchSize = 1_000

/**
 * Upgrade from markers: the design before shard positions counted a change with a marker
 * item per eventID. When the counter first reaches a shard, the changes that design may
 * have counted are at most one delivery's worth past where the mapping stands (its last
 * delivery, failed in part or whole, comes again); a mapping's batch is at most 1,000
 * records. So the first 1,000 count-moving changes of each shard have their markers looked
 * at in the same transaction (absent, or the change was counted before).
 */
export const markerCheckedChanges = counterBatchSize

/** The changes past a position, each once, in shard order: those at or before it were added by an earlier delivery. */
export const pastPosition = (changes: ReadonlyArray<CountedChange>, position: ShardPosition | undefined): Array<CountedChange> => {
  const seen = new Set<string>()
  return changes
    .map((change) => ({ change, at: comparableSequence(change.sequenceNumber) }))
    .filter(({ change, at }) => (position === undefined || at > position.at) && !seen.has(change.eventID) && seen.add(change.eventID))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map(({ change }) => change)
}

const runKeyOf = (change: CountedChange) => `${change.campaignId}\u0000${change.run}`

/** The commit of some changes under a guard: their deltas summed per campaign (campaigns whose sum is zero left out), counted per run. */
export const commitOf = (guard: CommitGuard, changes: ReadonlyArray<CountedChange>, marked: ReadonlySet<string>): CountingCommit => {
  const counts = new Map<string, Counts>()
  const counted = new Map<string, { campaignId: string; run: string; changes: number }>()
  for (const change of changes) {
    counts.set(change.campaignId, addCounts(counts.get(change.campaignId) ?? zeroCounts, change.delta))
    if (change.run === undefined) continue
    const run = counted.get(runKeyOf(change)) ?? { campaignId: change.campaignId, run: change.run, changes: 0 }
    counted.set(runKeyOf(change), { ...run, changes: run.changes + 1 })
  }
  return {
    guard,
    markers: changes.filter((change) => marked.has(change.eventID)).map(({ campaignId, eventID }) => ({ campaignId, eventID })),
    counts: [...counts].flatMap(([campaignId, delta]) => (isZero(delta) ? [] : [{ campaignId, delta }])),
    counted: [...counted.values()]
  }
}

/** Changes in shard order split where a transaction would pass 100 actions (the position, markers, campaigns, runs). */
const chunksOf = (changes: ReadonlyArray<CountedChange>, marks: (index: number) => boolean, guardActions: number) => {
  const chunks: Array<{ changes: Array<CountedChange>; marked: Set<string> }> = []
  let chunk = { changes: [] as Array<CountedChange>, marked: new Set<string>() }
  let keys = new Set<string>()
  changes.forEach((change, index) => {
    // The items the change writes beside its marker: its campaign's counts, and its run's progress.
    const items = change.run === undefined ? [change.campaignId] : [change.campaignId, runKeyOf(change)]
    const adds = items.filter((key) => !keys.has(key)).length
    if (chunk.changes.length > 0 && guardActions + chunk.marked.size + keys.size + adds + (marks(index) ? 1 : 0) > actionsPerCommit) {
      chunks.push(chunk)
      chunk = { changes: [], marked: new Set() }
      keys = new Set()
    }
    chunk.changes.push(change)
    if (marks(index)) chunk.marked.add(change.eventID)
    for (const key of items) keys.add(key)
  })
  if (chunk.changes.length > 0) chunks.push(chunk)
  return chunks
}

/**
 * The commits that add a delivery's changes past the position (pastPosition), in shard
 * order. On a named shard, each commit moves the shard's position from where the one before
 * left it to its last change; changes among the shard's first markerCheckedChanges have
 * their markers looked at. On an unnamed one, each change puts its marker.
 */
export const planCommits = (shard: string | undefined, changes: ReadonlyArray<CountedChange>, position: ShardPosition | undefined): Array<PlannedCommit> => {
  if (shard === undefined) {
    return chunksOf(changes, () => true, 0).map(({ changes, marked }) => ({ commit: commitOf({ _tag: "Markers" }, changes, marked), changes, marked }))
  }
  const checkedBefore = position?.checked ?? 0
  let expected = position
  return chunksOf(changes, (index) => checkedBefore + index < markerCheckedChanges, 1).map(({ changes, marked }) => {
    const next = {
      at: comparableSequence(changes[changes.length - 1]!.sequenceNumber),
      checked: Math.min(markerCheckedChanges, (expected?.checked ?? 0) + changes.length)
    }
    const guard: CommitGuard = { _tag: "Position", shard, expected, next }
    expected = next
    return { commit: commitOf(guard, changes, marked), changes, marked }
  })
}

/** A planned commit without the changes whose markers were found (counted before): the same guard, so the position still moves past them. */
export const withoutSeen = (planned: PlannedCommit, seen: ReadonlySet<string>): PlannedCommit => {
  const changes = planned.changes.filter((change) => !seen.has(change.eventID))
  const marked = new Set([...planned.marked].filter((eventID) => !seen.has(eventID)))
  return { commit: commitOf(planned.commit.guard, changes, marked), changes, marked }
}
