import { Data, Duration, Effect, Option, Schedule } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import { DemandTableError } from "../../services/errors.js"
import { beforeEachRetry, retrySchedule } from "../../services/RetryPolicy.js"
import type { CountingCommit } from "../../services/schemas/CountingCommit.js"
import { type CountedChange, pastPosition, planCommits, type PlannedCommit, withoutSeen } from "./countingPlan.js"

/**
 * How long contention on a commit is retried in one invocation: a hot campaign's counts item
 * is written by one counter per table-stream shard, so conflicts come in bursts; giving up
 * after a few retries would hand the changes back to a mapping that gives them up in the end.
 * The counter's Lambda timeout is 60 s.
 */
export const contentionBudget = Duration.seconds(40)

/** Backoff between contended attempts: from 50 ms, at most 3 s apart, jittered; bounded by the budget. */
const contentionBackoff = { retries: Number.MAX_SAFE_INTEGER, baseDelay: "50 millis", maxDelay: "3 seconds" } as const

/** A commit cancelled by contention (another transaction on its items, throttling): nothing was written. */
class Contended extends Data.TaggedError("Contended")<{ readonly reason: string }> {}

/** One commit, its contention retried with backoff for the budget, then a table error. */
const commitOnce = (commit: CountingCommit) =>
  Effect.flatMap(CampaignCounts, (counts) => {
    let retries = 0
    const attempt = Effect.flatMap(counts.commitCounting(commit), (outcome) =>
      outcome._tag === "Contended" ? Effect.fail(new Contended({ reason: outcome.reason })) : Effect.succeed(outcome)
    )
    const schedule = beforeEachRetry(
      retrySchedule(contentionBackoff).pipe(
        Schedule.upTo(contentionBudget),
        Schedule.whileInput((failure: DemandTableError | Contended) => failure._tag === "Contended")
      ),
      ({ failure, retry }) => Effect.zipRight(Effect.sync(() => void (retries = retry)), Effect.logDebug(`counting commit retried after ${failure._tag === "Contended" ? failure.reason : failure.message}`))
    )
    return Effect.retry(attempt, schedule).pipe(
      Effect.catchTag("Contended", (failure) =>
        Effect.fail(
          new DemandTableError({
            table: "demand table",
            operation: "TransactWriteItems",
            reason: `counting commit still contended (${failure.reason}) after ${retries} retries in ${Duration.format(contentionBudget)}`
          })
        )
      )
    )
  })

/** What became of a delivery's count-moving changes: added now, added before, or not added (the error, and the changes to hand back). */
export interface DeliveryCounted {
  readonly applied: number
  readonly duplicates: number
  readonly failed?: { readonly error: DemandTableError; readonly changes: ReadonlyArray<CountedChange> }
}

const planFrom = (shard: string | undefined, changes: ReadonlyArray<CountedChange>) =>
  Effect.gen(function* () {
    const position = shard === undefined ? undefined : Option.getOrUndefined(yield* (yield* CampaignCounts).shardPosition(shard))
    const past = pastPosition(changes, position)
    return { plan: planCommits(shard, past, position), skipped: changes.length - past.length }
  })

/**
 * Adds a delivery's count-moving changes exactly once (countingPlan.ts): reads the shard's
 * position, commits the planned transactions one after the other, and when one finds the
 * position moved (another delivery of the shard went first) reads it again and plans what
 * is left; changes whose markers exist are left out of their commit. A commit that fails
 * leaves it and the ones after it undone: their changes are handed back.
 */
export const commitDelivery = (shard: string | undefined, changes: ReadonlyArray<CountedChange>): Effect.Effect<DeliveryCounted, never, CampaignCounts> =>
  Effect.gen(function* () {
    let applied = 0
    let duplicates = 0
    // Nothing to count (a window's last invocation, or changes that move no count): the position is not even read.
    if (changes.length === 0) return { applied, duplicates }
    const first = yield* Effect.either(planFrom(shard, changes))
    if (first._tag === "Left") return { applied, duplicates, failed: { error: first.left, changes } }
    duplicates += first.right.skipped
    let plan: Array<PlannedCommit> = first.right.plan
    while (plan.length > 0) {
      const next = plan[0]!
      // A markers commit left with nothing to add has nothing to do; a position commit still moves the position.
      if (next.commit.guard._tag === "Markers" && next.changes.length === 0) {
        plan = plan.slice(1)
        continue
      }
      const outcome = yield* Effect.either(commitOnce(next.commit))
      const left = plan.flatMap((planned) => planned.changes)
      if (outcome._tag === "Left") return { applied, duplicates, failed: { error: outcome.left, changes: left } }
      if (outcome.right._tag === "Committed") {
        applied += next.changes.length
        plan = plan.slice(1)
      } else if (outcome.right._tag === "Seen") {
        const rest = withoutSeen(next, outcome.right.eventIDs)
        if (rest.changes.length === next.changes.length) {
          const error = new DemandTableError({ table: "demand table", operation: "TransactWriteItems", reason: "markers found that the commit did not name" })
          return { applied, duplicates, failed: { error, changes: left } }
        }
        duplicates += next.changes.length - rest.changes.length
        plan = [rest, ...plan.slice(1)]
      } else {
        const again = yield* Effect.either(planFrom(shard, left))
        if (again._tag === "Left") return { applied, duplicates, failed: { error: again.left, changes: left } }
        duplicates += again.right.skipped
        plan = again.right.plan
      }
    }
    return { applied, duplicates }
  })
