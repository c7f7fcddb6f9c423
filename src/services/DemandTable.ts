import { Context, type Effect, type Option } from "effect"
import type { DemandTableError } from "./errors.js"
import type { DemandItem, FanScoreItem, ItemKey } from "./schemas/FanScoreItem.js"
import type { WriteStamp } from "./schemas/ScoreWrite.js"

/** How an upsert ended (SPEC §4). */
export type UpsertOutcome = "created" | "updated" | "unchanged"

/** How a stamped upsert ended, and whether the record's write (now, or before: see the stamp) moved a count. */
export interface UpsertResult {
  readonly outcome: UpsertOutcome
  readonly moves: boolean
}

/** The DynamoDB demand table (DEMAND_TABLE): fan scores, counts, last reports. */
export class DemandTable extends Context.Tag("vf/DemandTable")<
  DemandTable,
  {
    readonly tableName: string
    /**
     * Creates the item if absent (with `date.created` = `date.updated` = now); if present
     * and some written attribute differs, sets those attributes and `date.updated`; if
     * nothing differs, writes nothing at all (no stream record, `updated` unchanged).
     */
    readonly upsertFanScore: (item: FanScoreItem) => Effect.Effect<UpsertOutcome, DemandTableError>
    /**
     * The same upsert, its writes kept in the item's writes of their run (`lastWrite`, see
     * ScoreWrite.ts): a record its run's writes already name (or pass) is not written again,
     * whatever other runs wrote since, and the result says whether that record's write
     * moved a count (SPEC §5).
     */
    readonly upsertStamped: (item: FanScoreItem, stamp: WriteStamp) => Effect.Effect<UpsertResult, DemandTableError>
    readonly getItem: (key: ItemKey) => Effect.Effect<Option.Option<DemandItem>, DemandTableError>
    /** Every item of one partition, in SK order. */
    readonly queryPartition: (pk: string) => Effect.Effect<ReadonlyArray<DemandItem>, DemandTableError>
  }
>() {}
