import type { DemandItem } from "./FanScoreItem.js"

/**
 * Who a score write belongs to: the run of the file (a file version: the same on every
 * retry of its load) and the record of that run that wrote (a Kinesis record
 * `<shardId>/<sequenceNumber>`, or a fanlist's `line:<n>`). Each record of a run writes
 * its item at most once.
 */
export interface WriteStamp {
  readonly run: string
  readonly record: string
}

/** One run's writes to an item: when it last wrote (ISO-8601), and each of its records that wrote, with whether that write moved a count. */
export interface RunWrites {
  readonly at: string
  readonly records: Readonly<Record<string, boolean>>
}

/** The recent score writes of an item, per run: other runs' writes leave a run's own as they were. */
export type ScoreWrites = Readonly<Record<string, RunWrites>>

/**
 * The attribute of a fan-score item that holds its ScoreWrites (the last writes of each
 * run): bookkeeping, not a score. Items written before kept one stamp there,
 * `{ run, record, moves }`; it reads as the writes of its run.
 */
export const scoreWriteAttribute = "lastWrite"

/**
 * How long a run's writes stay on an item after its last one: the scores stream's
 * retention (24 h), after which no record of the run can be delivered again.
 */
export const writesKeptMillis = 24 * 60 * 60 * 1000

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

const dateUpdated = (item: DemandItem) => {
  const date = item["date"]
  return isRecord(date) && typeof date["updated"] === "string" ? date["updated"] : ""
}

const runWritesOf = (value: unknown): RunWrites | undefined => {
  if (!isRecord(value) || typeof value["at"] !== "string" || !isRecord(value["records"])) return undefined
  const records = Object.fromEntries(Object.entries(value["records"]).map(([record, moves]) => [record, moves === true]))
  return { at: value["at"], records }
}

/** The ScoreWrites an item (or stream image) holds; a stamp of the earlier shape is its run's writes, dated by the item's `date.updated`. */
export const scoreWritesOf = (item: DemandItem | undefined): ScoreWrites => {
  const stored = item?.[scoreWriteAttribute]
  if (item === undefined || !isRecord(stored)) return {}
  const { run, record, moves } = stored
  if (typeof run === "string" && typeof record === "string") return { [run]: { at: dateUpdated(item), records: { [record]: moves === true } } }
  return Object.fromEntries(
    Object.entries(stored).flatMap(([of, writes]) => {
      const read = runWritesOf(writes)
      return read === undefined ? [] : [[of, read]]
    })
  )
}

/** A Kinesis record's shard and sequence number (equal-width, to compare as numbers); none for a fanlist line. */
const placeOf = (record: string) => {
  const slash = record.lastIndexOf("/")
  return slash < 0 ? undefined : { shard: record.slice(0, slash), at: record.slice(slash + 1).padStart(80, "0") }
}

/** `later` comes after `record` on the same shard. */
const isLaterOnShard = (later: string, record: string) => {
  const a = placeOf(later)
  const b = placeOf(record)
  return a !== undefined && b !== undefined && a.shard === b.shard && a.at > b.at
}

/**
 * What an item's writes say of a record seen again. `Written`: it wrote the item before (a
 * lost reply, a redelivery), and whether that write moved a count. `Passed`: a later record
 * on the same shard wrote, of any run (the writer takes a shard's records in stream order,
 * so this one came before it: it was applied then, or changed nothing); writing it now would
 * put older values back over newer ones, as a batch delivered again after a bisection would.
 * Undefined: not seen.
 */
export type PriorWrite = { readonly _tag: "Written"; readonly moves: boolean } | { readonly _tag: "Passed" }

export const priorWrite = (writes: ScoreWrites, stamp: WriteStamp): PriorWrite | undefined => {
  const moves = writes[stamp.run]?.records[stamp.record]
  if (moves !== undefined) return { _tag: "Written", moves }
  const later = Object.values(writes).some(({ records }) => Object.keys(records).some((other) => isLaterOnShard(other, stamp.record)))
  return later ? { _tag: "Passed" } : undefined
}

/** The writes after one more, by `stamp` at `now`: its run gains the record; runs that last wrote over writesKeptMillis before are dropped. */
export const withWrite = (writes: ScoreWrites, stamp: WriteStamp, moves: boolean, now: string): ScoreWrites => {
  const oldest = new Date(Date.parse(now) - writesKeptMillis).toISOString()
  const kept = Object.entries(writes).filter(([run, { at }]) => run !== stamp.run && at >= oldest)
  const own = { at: now, records: { ...writes[stamp.run]?.records, [stamp.record]: moves } }
  return Object.fromEntries([...kept, [stamp.run, own]])
}

/**
 * The run whose score write made a change: the one with a record in the new image's writes
 * that the old image's did not have. Another system's change (a verdict, say) leaves the
 * writes as they were, and a run's writes dropped for age are no write: both count for no run.
 */
export const writeRunOf = (oldImage: DemandItem | undefined, newImage: DemandItem | undefined): string | undefined => {
  const before = scoreWritesOf(oldImage)
  const after = scoreWritesOf(newImage)
  for (const [run, { records }] of Object.entries(after)) {
    const seen = before[run]?.records ?? {}
    if (Object.keys(records).some((record) => !(record in seen))) return run
  }
  return undefined
}
