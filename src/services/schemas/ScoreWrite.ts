import type { DemandItem } from "./FanScoreItem.js"

/**
 * Who a score write belongs to: the run of the file (a file version: the same on every
 * retry of its load) and the record of that run that wrote (a Kinesis record, or a
 * fanlist's line). Each record of a run writes its item at most once.
 */
export interface WriteStamp {
  readonly run: string
  readonly record: string
}

/** The stamp a fan-score item keeps of its last score write, and whether that write moved a count. */
export interface ScoreWrite extends WriteStamp {
  readonly moves: boolean
}

/** The attribute of a fan-score item that holds its last ScoreWrite: bookkeeping, not a score. */
export const scoreWriteAttribute = "lastWrite"

/** The ScoreWrite an item (or stream image) holds, if it holds a well-formed one. */
export const scoreWriteOf = (item: DemandItem | undefined): ScoreWrite | undefined => {
  const stamp = item?.[scoreWriteAttribute]
  if (typeof stamp !== "object" || stamp === null) return undefined
  const { run, record, moves } = stamp as Record<string, unknown>
  return typeof run === "string" && typeof record === "string" ? { run, record, moves: moves === true } : undefined
}

/** The same record of the same run: a write seen again (redelivery, a lost reply), not a new one. */
export const sameWrite = (a: WriteStamp | undefined, b: WriteStamp | undefined) =>
  a !== undefined && b !== undefined && a.run === b.run && a.record === b.record
