import { groupBy } from "../../services/groupBy.js"
import { comparableSequence, type ShardWrites } from "../../services/RunProgress.js"
import { markName } from "../../services/schemas/EndOfFile.js"

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
 * first record on the shard after where the run's progress was recorded (`upTo`, a
 * comparable sequence number; records up to there were left be) to the last one before
 * that point.
 */
export const runWritesOf = (
  records: ReadonlyArray<RecordFate>,
  retry: ReadonlySet<string>,
  upTo: (shardId: string, campaignId: string, run: string) => string | undefined = () => undefined
): Array<ShardWrites> =>
  [...groupBy(records, (record) => record.shardId)].flatMap(([shardId, all]) => {
    const ordered = all.map((record) => ({ record, at: comparableSequence(record.sequenceNumber) })).sort((a, b) => (a.at < b.at ? -1 : 1))
    const cut = ordered.findIndex(({ record }) => retry.has(record.sequenceNumber))
    const done = cut === -1 ? ordered : ordered.slice(0, cut)
    if (done.length === 0) return []
    const last = done[done.length - 1]!.record.sequenceNumber
    // The run's range starts after its recorded position (the writer left the records up to there be).
    const firstAfter = (campaignId: string, run: string) => {
      const position = upTo(shardId, campaignId, run)
      return (position === undefined ? ordered[0] : ordered.find(({ at }) => at > position))?.record.sequenceNumber
    }
    const runs = new Map<string, { -readonly [K in keyof ShardWrites]: ShardWrites[K] } & { marks: Array<string> }>()
    for (const { record } of done) {
      if (record.run === undefined) continue
      const key = `${record.run.campaignId}\u0000${record.run.run}`
      const first = firstAfter(record.run.campaignId, record.run.run)
      if (first === undefined) continue // nothing after the position: recorded before
      const writes = runs.get(key) ?? { ...record.run, shardId, first, last, moved: 0, marks: [] }
      runs.set(key, writes)
      if (record.moved === true) writes.moved++
      if (record.markOf !== undefined) writes.marks.push(markName(record.markOf, shardId))
    }
    // A range with nothing to add needs no write: positions only have to grow.
    return [...runs.values()].filter((writes) => writes.moved > 0 || writes.marks.length > 0)
  })
