import { Schema } from "effect"
import { optional } from "./optional.js"
import { RankEvent } from "./FanRecord.js"

/**
 * The attributes a score write sets on a fan-score item of the demand table (SPEC §4),
 * keys included; `date` is kept by the table. `verdict`, `selectedEvents` and `codes`
 * belong to the selection system and are never written here.
 */
export const FanScoreItem = Schema.Struct({
  PK: Schema.String,
  SK: Schema.String,
  campaignId: Schema.String,
  globalUserId: optional(Schema.String),
  memberId: optional(Schema.String),
  email: optional(Schema.String),
  score: Schema.Number,
  localFanscore: optional(Schema.Number),
  accountFanscore: optional(Schema.Number),
  bandScore: optional(Schema.Number),
  isVerified: Schema.Boolean,
  rank: optional(Schema.String),
  events: optional(Schema.Record({ key: Schema.String, value: RankEvent })),
  tags: optional(Schema.Array(Schema.String)),
  origin: optional(
    Schema.Struct({ nudetect: Schema.Struct({ score: optional(Schema.Number), scoreBand: optional(Schema.String) }) })
  ),
  source: Schema.Literal("scrubbed", "fanlist")
})
export type FanScoreItem = typeof FanScoreItem.Type

/** `date` of a fan-score item: ISO-8601 times of its creation and last change. */
export interface ItemDates {
  readonly created: string
  readonly updated: string
}

/** Any item of the demand table, as plain JSON (numbers, strings, booleans, maps, lists). */
export type DemandItem = { readonly PK: string; readonly SK: string } & Readonly<Record<string, unknown>>

export interface ItemKey {
  readonly PK: string
  readonly SK: string
}

/** The order of items in a dump: by PK, then by SK (code-unit order, as DynamoDB sorts strings). */
export const compareItemKeys = (a: ItemKey, b: ItemKey): number =>
  a.PK === b.PK ? (a.SK < b.SK ? -1 : a.SK > b.SK ? 1 : 0) : a.PK < b.PK ? -1 : 1

/** Keys of SPEC §4. */
export const demandKeys = {
  fan: (globalUserId: string) => `fan:${globalUserId}`,
  member: (memberId: string) => `sid:${memberId}`,
  email: (email: string) => `email:${email}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  counts: "meta:counts",
  slackCounts: "meta:slack:counts",
  /** A shard of the table's stream, as the counter names it (`<stream label>/<shard id>`). */
  shard: (shard: string) => `shard:${shard}`,
  /** Where the counter stands on a shard (under `shard:`). */
  position: "meta:position",
  /** A change's marker, the counter's design before shard positions (under `campaign:`). */
  applied: (eventID: string) => `meta:applied:${eventID}`
} as const

/** The partitions of fan-score items: scrubbed fans, and fanlists' member ids and e-mails. */
export const fanPartitionPrefixes = ["fan:", "sid:", "email:"] as const

/** A fan-score item: PK `fan:`, `sid:` or `email:`, SK `campaign:`. Anything else (meta: items) is not a fan. */
export const isFanItemKey = (keys: ItemKey) =>
  fanPartitionPrefixes.some((prefix) => keys.PK.startsWith(prefix)) && keys.SK.startsWith("campaign:")

/** Attributes a score write never touches. */
export const selectionAttributes: ReadonlyArray<string> = ["verdict", "selectedEvents", "codes"]
