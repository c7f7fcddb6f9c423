import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { ConsumedBatch } from "../../../src/lambda/streamConsumer.js"
import { deliverStream, type MappingRetry } from "../../../src/local/cli/streamDelivery.js"

/** The runner as the stack's event source mappings (SPEC §8): retries from the lowest failure, bisection, a bound. */

const fast: MappingRetry = { retries: 8, baseDelayMillis: 1, maxDelayMillis: 2 }
const records = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1).padStart(4, "0"))
const from = { consumer: "worker", source: "stream s", sequenceNumberOf: (record: string) => record, shardOf: () => "shardId-1" }

/** A consumer that hands back (or fails on) what `fails` says, and notes every delivery of every record. */
const consumer = (fails: (record: string, delivery: number) => "hand back" | "throw" | undefined) => {
  const deliveries = new Map<string, number>()
  const handle = (event: unknown): Effect.Effect<ConsumedBatch<number>, Error> =>
    Effect.suspend(() => {
      const batch = event as ReadonlyArray<string>
      const verdicts = batch.map((record) => {
        const delivery = (deliveries.get(record) ?? 0) + 1
        deliveries.set(record, delivery)
        return fails(record, delivery)
      })
      if (verdicts.includes("throw")) return Effect.fail(new Error("poison record"))
      const back = batch.filter((_, i) => verdicts[i] === "hand back").map((itemIdentifier) => ({ itemIdentifier }))
      return Effect.succeed({ reply: { batchItemFailures: back }, result: batch.length, unreadable: 0 })
    })
  return { handle, deliveries }
}

describe("the runner's stream mappings", () => {
  it.live("deliver a batch again from its lowest failed record until it goes through, within the retries", () =>
    Effect.gen(function* () {
      const { handle, deliveries } = consumer((record, n) => (record === "0005" && n <= 5 ? "hand back" : undefined))
      const { results, givenUp } = yield* deliverStream(records(10), from, (batch) => batch, handle, fast)
      expect(givenUp).toEqual([])
      expect(results).toEqual([10, 6, 6, 6, 6, 6]) // from 0005 on, five times more
      expect(deliveries.get("0004")).toBe(1)
      expect(deliveries.get("0005")).toBe(6)
    }))

  it.live("give up a record that never goes through after the retries, listing its range as the on-failure queue holds it", () =>
    Effect.gen(function* () {
      const { handle, deliveries } = consumer((record) => (record === "0003" ? "hand back" : undefined))
      const { givenUp } = yield* deliverStream(records(5), from, (batch) => batch, handle, fast)
      expect(givenUp).toEqual([
        {
          consumer: "worker",
          source: "stream s",
          shardId: "shardId-1",
          firstSequenceNumber: "0003",
          lastSequenceNumber: "0005",
          records: 3,
          reason: "batch item failures after 8 retries"
        }
      ])
      expect(deliveries.get("0003")).toBe(9)
    }))

  it.live("split a batch whose invocation fails in halves, in order, until only the poison record is given up", () =>
    Effect.gen(function* () {
      const order: Array<string> = []
      const { handle, deliveries } = consumer((record) => (record === "0006" ? "throw" : undefined))
      const watched = (event: unknown) => Effect.tap(handle(event), () => Effect.sync(() => order.push(...(event as Array<string>))))
      const { givenUp } = yield* deliverStream(records(8), from, (batch) => batch, watched, fast)
      expect(givenUp).toMatchObject([{ firstSequenceNumber: "0006", lastSequenceNumber: "0006", records: 1 }])
      expect(givenUp[0]!.reason).toContain("poison record")
      expect(order).toEqual(["0001", "0002", "0003", "0004", "0005", "0007", "0008"])
      expect([...deliveries.values()].every((n) => n >= 1)).toBe(true)
    }))
})
