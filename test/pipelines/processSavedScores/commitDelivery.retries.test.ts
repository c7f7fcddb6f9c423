import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Option, Random } from "effect"
import { commitDelivery, contentionBudget } from "../../../src/pipelines/processSavedScores/commitDelivery.js"
import type { CountedChange } from "../../../src/pipelines/processSavedScores/countingPlan.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTableError } from "../../../src/services/errors.js"
import type { CommitOutcome } from "../../../src/services/schemas/CountingCommit.js"
import { expectRetriesAfter, toTheEnd } from "../../support/retryClock.js"

/**
 * A delivery's commits under the TestClock, over a counts port that answers as scripted:
 * contention is retried with backoff (50, 100, 200 ms… jitter fixed at its top) for the
 * contention budget; a moved position is read again at once; markers found drop their changes.
 */

const change = (n: number): CountedChange => ({ campaignId: "c1", eventID: `e${n}`, sequenceNumber: String(n), delta: { verified: 1, rejected: 0, selected: 0 } })
const changes = [change(1), change(2), change(3)]
const contended: CommitOutcome = { _tag: "Contended", reason: "TransactionConflict" }

/** commitDelivery over a port whose commit n answers answers[n] (the last one after that); each commit's time and change count kept. */
const scripted = (answers: ReadonlyArray<CommitOutcome | Error>, position?: { at: string; checked: number }) =>
  Effect.gen(function* () {
    const clock = yield* Effect.clock
    const at: Array<number> = []
    const sizes: Array<number> = []
    const reads: Array<number> = []
    const counts = CampaignCounts.of({
      getCounts: () => Effect.succeed(Option.none()),
      setCounts: () => Effect.succeed(true),
      campaignFans: () => Effect.die("not here") as never,
      changedCampaigns: () => Effect.die("not here"),
      // A second read finds the position moved past e1.
      shardPosition: () =>
        Effect.sync(() => {
          reads.push(clock.unsafeCurrentTimeMillis())
          return Option.fromNullable(reads.length > 1 ? { at: "0".repeat(79) + "1", checked: 1000 } : position)
        }),
      commitCounting: (commit) =>
        Effect.suspend(() => {
          at.push(clock.unsafeCurrentTimeMillis())
          sizes.push(commit.counts.reduce((sum, c) => sum + c.delta.verified, 0))
          const answer = answers[Math.min(at.length, answers.length) - 1]!
          return answer instanceof Error ? Effect.fail(new DemandTableError({ table: "t", operation: "TransactWriteItems", reason: answer.message })) : Effect.succeed(answer)
        })
    })
    const run = commitDelivery("s/a", changes).pipe(Effect.provideService(CampaignCounts, counts), Effect.withRandom(Random.fixed([1])))
    return { at, sizes, reads, run }
  })

describe("commitDelivery retries (TestClock)", () => {
  it.effect("retries a contended commit after the backoff (50, 100 ms), then adds every change", () =>
    Effect.gen(function* () {
      const { at, run } = yield* scripted([contended, contended, { _tag: "Committed" }])
      const fiber = yield* Effect.fork(run)
      yield* expectRetriesAfter(at, [50, 100])
      expect(yield* Fiber.join(fiber)).toEqual({ applied: 3, duplicates: 0 })
    }))

  it.effect("drops the changes whose markers exist and commits the rest at once; reads the position again when it moved", () =>
    Effect.gen(function* () {
      const seen = yield* scripted([{ _tag: "Seen", eventIDs: new Set(["e2"]) }, { _tag: "Committed" }])
      expect(yield* toTheEnd(seen.run)).toEqual({ applied: 2, duplicates: 1 })
      expect(seen.at).toEqual([0, 0])
      expect(seen.sizes).toEqual([3, 2])
      // Moved: the second read finds the position past e1; e2 and e3 go again.
      const moved = yield* scripted([{ _tag: "Moved" }, { _tag: "Committed" }])
      expect(yield* toTheEnd(moved.run)).toEqual({ applied: 2, duplicates: 1 })
      expect({ reads: moved.reads.length, sizes: moved.sizes }).toEqual({ reads: 2, sizes: [3, 2] })
    }))

  it.effect("retries contention for the contention budget, then hands every change back saying so", () =>
    Effect.gen(function* () {
      const { at, run } = yield* scripted([contended])
      const outcome = yield* toTheEnd(run)
      expect(at.slice(0, 4)).toEqual([0, 50, 150, 350])
      expect(at.at(-1)!).toBeLessThanOrEqual(Duration.toMillis(contentionBudget) + 3_000)
      expect(at.at(-1)!).toBeGreaterThan(Duration.toMillis(contentionBudget) - 3_000)
      expect(outcome.failed?.changes).toEqual(changes)
      expect(outcome.failed?.error.message).toMatch(/still contended \(TransactionConflict\) after \d+ retries in 40s/)
    }))

  it.effect("hands the changes back at once on a table error", () =>
    Effect.gen(function* () {
      const { at, run } = yield* scripted([new Error("ValidationException")])
      const outcome = yield* toTheEnd(run)
      expect(at).toHaveLength(1)
      expect(outcome).toMatchObject({ applied: 0, failed: { changes } })
    }))
})
