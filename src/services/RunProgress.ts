import { Context, type Effect, type Option } from "effect"
import type { DemandTableError } from "./errors.js"

/**
 * How far a run (one version of a scoring file) has got through the table and the counter:
 * the count-moving writes its records made (`expected`), those the counter has added
 * (`counted`), and the end-of-file marks its writers passed (`marks`, `<loadId>/<shard>`).
 */
export interface RunProgressState {
  readonly expected: number
  readonly counted: number
  readonly marks: ReadonlyArray<string>
  /**
   * When the item last changed (epoch ms, the writer's or counter's clock): once the run is
   * counted, when it became so, the moment its counts settled (a report's timeliness, SPEC §13).
   */
  readonly changedAt?: number
}

/** What a writer did with one shard's records of a run in one delivery: records first..last (sequence numbers). */
export interface ShardWrites {
  readonly campaignId: string
  readonly run: string
  readonly shardId: string
  readonly first: string
  readonly last: string
  /** Count-moving writes of the run's records in the range. */
  readonly moved: number
  /** Marks of the run met in the range. */
  readonly marks: ReadonlyArray<string>
}

/** What a whole-file writer (a fanlist load) did: all its count-moving writes, and its mark. */
export interface FileWrites {
  readonly campaignId: string
  readonly run: string
  readonly loadId: string
  readonly moved: number
}

/** Per shard id, the comparable sequence number up to which a run's writes were recorded. */
export type RecordedPositions = Readonly<Record<string, string>>

/** The attribute of a progress item that holds a shard's recorded position. */
export const positionAttribute = (shardId: string) => `at:${shardId}`

/** The positions a progress item holds. */
export const positionsOf = (item: Readonly<Record<string, unknown>>): RecordedPositions =>
  Object.fromEntries(
    Object.entries(item).flatMap(([name, value]) => (name.startsWith("at:") && typeof value === "string" ? [[name.slice("at:".length), value]] : []))
  )

/**
 * The runs' progress in the demand table (`campaign:<id>` / `meta:run:<run>`): what the
 * verdict reporter reads to know that the changes a file caused have been counted.
 * The counter adds to `counted` in its own transaction (CampaignCounts.addToCounts).
 */
export class RunProgress extends Context.Tag("vf/RunProgress")<
  RunProgress,
  {
    /**
     * Adds a delivery's writes, once per range: a range that starts at or before the last one
     * recorded for the shard was recorded by an earlier delivery and is skipped. Needs the
     * shard's records in order, one delivery at a time (ParallelizationFactor 1).
     */
    readonly recordShardWrites: (writes: ShardWrites) => Effect.Effect<void, DemandTableError>
    /** Sets a whole file's writes (the same on any retry of its load) and adds its mark `<loadId>/file`. */
    readonly recordFileWrites: (writes: FileWrites) => Effect.Effect<void, DemandTableError>
    readonly progress: (campaignId: string, run: string) => Effect.Effect<Option.Option<RunProgressState>, DemandTableError>
    /**
     * Where each shard's recorded writes of the run end (the last sequence number recorded,
     * as comparableSequence gives it): records up to there were all written by a delivery
     * that recorded them, and a writer given them again leaves them be.
     */
    readonly recordedUpTo: (campaignId: string, run: string) => Effect.Effect<RecordedPositions, DemandTableError>
  }
>() {}

/** The key of a run's progress item. */
export const runKey = (run: string) => `meta:run:${run}`

/** Sequence numbers compared as equal-width text (DynamoDB compares strings, not big numbers). */
export const comparableSequence = (sequenceNumber: string) => sequenceNumber.padStart(80, "0")

/** Is the run's writing and counting complete for this load: every shard's mark passed, every count-moving write counted? */
export const isRunCounted = (state: RunProgressState, loadId: string, shards: number) =>
  state.marks.filter((mark) => mark.startsWith(`${loadId}/`)).length >= shards && state.counted === state.expected
