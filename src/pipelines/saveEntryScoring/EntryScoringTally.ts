import type { EntryScoringReply } from "../../services/schemas/EntryScoring.js"

/**
 * The result of saveEntryScoring (SPEC §7). records: every stream record; input: those
 * with a rank-0 event; scoring: records the Entry Service took; unmapped: input records
 * whose rank-0 market the campaign does not have; failed: input records not delivered
 * (campaign lookup or POST failed) and records that are not fan records.
 */
export interface EntryScoringResult {
  readonly records: number
  readonly input: number
  readonly scoring: number
  readonly inserted: number
  readonly updated: number
  readonly found: number
  readonly unmapped: number
  readonly failed: number
}

export class EntryScoringTally {
  input = 0
  scoring = 0
  inserted = 0
  updated = 0
  found = 0
  unmapped = 0
  failed = 0
  readonly retry: Array<string> = []

  constructor(readonly records: number) {}

  accepted(sent: number, reply: EntryScoringReply) {
    this.scoring += sent
    this.inserted += reply.inserted
    this.updated += reply.updated
    this.found += reply.found
  }

  notDelivered(sequenceNumbers: ReadonlyArray<string>, retryable: boolean) {
    this.failed += sequenceNumbers.length
    if (retryable) this.retry.push(...sequenceNumbers)
  }

  result(): EntryScoringResult {
    const { records, input, scoring, inserted, updated, found, unmapped, failed } = this
    return { records, input, scoring, inserted, updated, found, unmapped, failed }
  }
}
