import { Schema } from "effect"

/** A campaign's counts (SPEC §5), as in `meta:counts` and `meta:slack:counts`. */
export const Counts = Schema.Struct({
  verified: Schema.Number,
  rejected: Schema.Number,
  selected: Schema.Number
})
export type Counts = typeof Counts.Type

export const zeroCounts: Counts = { verified: 0, rejected: 0, selected: 0 }

export const sameCounts = (a: Counts, b: Counts) =>
  a.verified === b.verified && a.rejected === b.rejected && a.selected === b.selected

export const addCounts = (a: Counts, b: Counts): Counts => ({
  verified: a.verified + b.verified,
  rejected: a.rejected + b.rejected,
  selected: a.selected + b.selected
})

export const isZero = (delta: Counts) => delta.verified === 0 && delta.rejected === 0 && delta.selected === 0

/** One stream event's change to its campaign's counts. */
export interface CountChange {
  /** The stream record's eventID: applied once, however often it is delivered. */
  readonly eventID: string
  readonly delta: Counts
  /** The run whose score write made the change, when a run's write did (it is then counted for that run too). */
  readonly run?: string
}

/** The last report of a campaign's counts (`meta:slack:counts`). */
export interface ReportedCounts extends Counts {
  readonly postedAt?: string
}
