import { Effect } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { comparableSequence, type RecordedPositions, type RunProgress } from "../../services/RunProgress.js"

/** A run of a campaign, as a delivery's records name it. */
export interface RunOf {
  readonly campaignId: string
  readonly run: string
}

/** A run's key among a delivery's runs. */
export const runKeyOf = ({ campaignId, run }: RunOf) => `${campaignId}\u0000${run}`

/** Where each of a delivery's runs had its progress recorded, per shard (read before writing). */
export interface Recorded {
  /** The comparable sequence number up to which the run's writes on the shard were recorded. */
  readonly upTo: (shardId: string, campaignId: string, run: string) => string | undefined
  /** A record of the run at or before that point: written by a delivery that recorded it, to be left be. */
  readonly covers: (record: { readonly sequenceNumber: string; readonly shardId: string }, of: RunOf) => boolean
}

/** Reads the runs' positions (consistent reads, 4 at a time). */
export const readRecorded = (progress: RunProgress["Type"], runs: Iterable<RunOf>): Effect.Effect<Recorded, DemandTableError> =>
  Effect.map(
    Effect.forEach(runs, (of) => Effect.map(progress.recordedUpTo(of.campaignId, of.run), (at) => [runKeyOf(of), at] as const), { concurrency: 4 }),
    (entries) => {
      const positions = new Map<string, RecordedPositions>(entries)
      const upTo = (shardId: string, campaignId: string, run: string) => positions.get(runKeyOf({ campaignId, run }))?.[shardId]
      return {
        upTo,
        covers: (record, of) => {
          const position = upTo(record.shardId, of.campaignId, of.run)
          return position !== undefined && position >= comparableSequence(record.sequenceNumber)
        }
      }
    }
  )
