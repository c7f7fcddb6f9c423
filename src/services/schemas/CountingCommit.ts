import type { Counts } from "./Counts.js"

/**
 * How far the counter has got on one shard of the table's stream: every count-moving change
 * up to `at` (a comparable sequence number) has been added, and `checked` count-moving
 * changes of the shard had their markers looked at (see "Upgrade from markers" in countingPlan.ts).
 */
export interface ShardPosition {
  readonly at: string
  readonly checked: number
}

/**
 * What makes a commit happen once. Position: the shard's position item must still be what
 * was read (`expected`; absent for a shard the counter never reached) and becomes `next`.
 * Markers: a delivery that does not name its shard puts a marker per change (absent before).
 */
export type CommitGuard =
  | { readonly _tag: "Position"; readonly shard: string; readonly expected: ShardPosition | undefined; readonly next: ShardPosition }
  | { readonly _tag: "Markers" }

/** A change's marker item (`campaign:<id>` / `meta:applied:<eventID>`), the design before shard positions. */
export interface MarkerKey {
  readonly campaignId: string
  readonly eventID: string
}

/**
 * One counting transaction: the guard, the markers (each must be absent: looked at under a
 * position guard, put under a markers guard), what it adds to each campaign's counts (and
 * to their version), and to each run's `counted`.
 */
export interface CountingCommit {
  readonly guard: CommitGuard
  readonly markers: ReadonlyArray<MarkerKey>
  readonly counts: ReadonlyArray<{ readonly campaignId: string; readonly delta: Counts }>
  readonly counted: ReadonlyArray<{ readonly campaignId: string; readonly run: string; readonly changes: number }>
}

/**
 * How a commit ended. Moved: the position is not the one read (another delivery of the
 * shard went first). Seen: these markers exist (those changes were counted before).
 * Contended: another transaction held an item, or the table throttled: nothing was written.
 */
export type CommitOutcome =
  | { readonly _tag: "Committed" }
  | { readonly _tag: "Moved" }
  | { readonly _tag: "Seen"; readonly eventIDs: ReadonlySet<string> }
  | { readonly _tag: "Contended"; readonly reason: string }

/** Actions in one DynamoDB transaction at most. */
export const actionsPerCommit = 100

/** The actions a commit takes: the position, each marker, each campaign's counts, each run. */
export const actionsOf = (commit: CountingCommit) =>
  (commit.guard._tag === "Position" ? 1 : 0) + commit.markers.length + commit.counts.length + commit.counted.length

/** A position as its item holds it (`at`, `checked`). */
export const positionOfItem = (item: Readonly<Record<string, unknown>>): ShardPosition => ({
  at: String(item["at"]),
  checked: typeof item["checked"] === "number" ? item["checked"] : Number(item["checked"] ?? 0)
})

/** Is the stored position (or its absence) the one a guard expects? */
export const samePosition = (stored: ShardPosition | undefined, expected: ShardPosition | undefined) =>
  stored === undefined || expected === undefined ? stored === expected : stored.at === expected.at && stored.checked === expected.checked
