import { type DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Random } from "effect"
import { addToCounts, contentionBudget } from "../../../src/layers/aws/dynamoAddToCounts.js"
import type { CountChange } from "../../../src/services/schemas/Counts.js"
import { expectRetriesAfter, toTheEnd } from "../../support/retryClock.js"

/**
 * The counts transaction's retries under the TestClock, over a client that answers as
 * scripted (no SDK call leaves the process): contention is retried with the table's
 * backoff, markers already there drop their changes and the rest go again at once, and
 * the bound holds.
 */

const policy = { retries: 3, baseDelay: "100 millis", maxDelay: "300 millis" } as const
const change = (eventID: string): CountChange => ({ eventID, delta: { verified: 1, rejected: 0, selected: 0 } })
const changes = [change("e1"), change("e2"), change("e3")]

const cancelledBy = (codes: ReadonlyArray<string>) =>
  new TransactionCanceledException({ message: "cancelled", $metadata: { httpStatusCode: 400 }, CancellationReasons: codes.map((Code) => ({ Code })) })
const conflict = cancelledBy(["None", "None", "None", "TransactionConflict"])

/** addToCounts over a client whose TransactWriteItems n throws answers[n] (undefined: applied); each call's time and markers kept. */
const scripted = (answers: ReadonlyArray<Error | undefined>) =>
  Effect.gen(function* () {
    const clock = yield* Effect.clock
    const at: Array<number> = []
    const markers: Array<number> = []
    const client = {
      send: (command: { input: { TransactItems: ReadonlyArray<unknown> } }) => {
        at.push(clock.unsafeCurrentTimeMillis())
        markers.push(command.input.TransactItems.length - 1)
        const answer = answers[Math.min(at.length, answers.length) - 1]
        return answer ? Promise.reject(answer) : Promise.resolve({})
      }
    } as unknown as DynamoDBClient
    const limits = { semaphore: yield* Effect.makeSemaphore(4), retry: policy }
    const add = addToCounts({ tableName: "t", client, limits })("c1", changes).pipe(Effect.withRandom(Random.fixed([1])))
    return { at, markers, add }
  })

describe("addToCounts retries (TestClock)", () => {
  it.effect("retries a contended transaction after the backoff (100, 200 ms), then applies every change", () =>
    Effect.gen(function* () {
      const { at, add } = yield* scripted([conflict, conflict, undefined])
      const fiber = yield* Effect.fork(add)
      yield* expectRetriesAfter(at, [100, 200])
      expect(yield* Fiber.join(fiber)).toEqual({ applied: 3, duplicates: 0 })
    }))

  it.effect("drops the changes whose markers exist and sends the rest again at once, without a retry's wait", () =>
    Effect.gen(function* () {
      const { at, markers, add } = yield* scripted([cancelledBy(["ConditionalCheckFailed", "None", "None", "None"]), undefined])
      expect(yield* toTheEnd(add)).toEqual({ applied: 2, duplicates: 1 })
      expect(at).toEqual([0, 0])
      expect(markers).toEqual([3, 2])
    }))

  it.effect("retries contention alone beyond the table's retries, for the contention budget, then gives up saying so", () =>
    Effect.gen(function* () {
      const { at, add } = yield* scripted([conflict])
      const failure = yield* toTheEnd(Effect.flip(add))
      expect(at.slice(0, 4)).toEqual([0, 100, 300, 600])
      expect(at.length).toBeGreaterThan(100)
      expect(at.at(-1)!).toBeLessThanOrEqual(Duration.toMillis(contentionBudget) + 300)
      expect(at.at(-1)!).toBeGreaterThan(Duration.toMillis(contentionBudget) - 400)
      expect(failure.message).toMatch(/counts of campaign c1 still contended \(TransactionConflict\) after \d+ retries in 40s/)
    }))

  it.effect("fails at once on a cancellation that is neither (a validation error of the request)", () =>
    Effect.gen(function* () {
      const { at, add } = yield* scripted([cancelledBy(["None", "ValidationError"])])
      const failure = yield* toTheEnd(Effect.flip(add))
      expect(at).toHaveLength(1)
      expect(failure._tag).toBe("DemandTableError")
    }))
})
