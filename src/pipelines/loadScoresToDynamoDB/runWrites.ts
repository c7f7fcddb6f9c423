import type { ShardWrites } from "../../services/RunProgress.js"
import { markName } from "../../services/schemas/EndOfFile.js"
import { comparableSequence } from "../../services/RunProgress.js"

/** What became of one record of a delivery, for its run's progress. */
export interface RecordFate {
  readonly sequenceNumber: string
  readonly shardId: string
  /** The run and campaign of a fan record's stamped write, or of a mark. */
  readonly run?: { readonly run: string; readonly campaignId: string }
  /** A stamped write that moved a count (now, or in an earlier delivery). */
  readonly moved?: boolean
  /** An end-of-file mark: its load. */
  readonly markOf?: string
}

/**
 * The runs' writes of a delivery, per shard and run: only the records before the shard's
 * lowest handed-back one count, since Lambda delivers everything from there again (and the
 * stamps make a write seen again count the same). Each range runs from the delivery's
 * first record on the shard to the last one before that point.
 */
export const runWritesOf = (records: ReadonlyArray<RecordFate>, retry: ReadonlySet<string>): Array<ShardWrites> => {
  const shards = new Map<string, Array<RecordFate>>()
  for (const record of records) shards.set(record.shardId, [...(shards.get(record.shardId) ?? []), record])
  return [...shards.entries()].flatMap(([shardId, all]) => {
    const ordered = [...all].sort((a, b) => (comparableSequence(a.sequenceNumber) < comparableSequence(b.sequenceNumber) ? -1 : 1))
    const cut = ordered.findIndex((record) => retry.has(record.sequenceNumber))
    const done = cut === -1 ? ordered : ordered.slice(0, cut)
    if (done.length === 0) return []
    const first = ordered[0]!.sequenceNumber
    const last = done[done.length - 1]!.sequenceNumber
    const runs = new Map<string, ShardWrites>()
    for (const record of done) {
      if (record.run === undefined) continue
      const key = `${record.run.campaignId}\u0000${record.run.run}`
      const writes = runs.get(key) ?? { ...record.run, shardId, first, last, moved: 0, marks: [] }
      runs.set(key, {
        ...writes,
        moved: writes.moved + (record.moved === true ? 1 : 0),
        marks: record.markOf === undefined ? writes.marks : [...writes.marks, markName(record.markOf, shardId)]
      })
    }
    // A range with nothing to add needs no write: positions only have to grow.
    return [...runs.values()].filter((writes) => writes.moved > 0 || writes.marks.length > 0)
  })
}
