import { Context, type Effect, type Option } from "effect"
import type { DemandTableError } from "./errors.js"
import type { DemandItem, FanScoreItem, ItemKey } from "./schemas/FanScoreItem.js"

/** How an upsert ended (SPEC §4). */
export type UpsertOutcome = "created" | "updated" | "unchanged"

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
    readonly getItem: (key: ItemKey) => Effect.Effect<Option.Option<DemandItem>, DemandTableError>
    /** Every item of one partition, in SK order. */
    readonly queryPartition: (pk: string) => Effect.Effect<ReadonlyArray<DemandItem>, DemandTableError>
  }
>() {}
