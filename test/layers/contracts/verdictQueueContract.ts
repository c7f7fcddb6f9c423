import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { VerdictMessage } from "../../../src/services/schemas/VerdictMessage.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"

/** What a contract run needs of its adapter beside the port: a queue of its own, read as the reporter's pollers read it. */
export interface VerdictQueueHarness<R> {
  /** The messages a poller receives now, their bodies parsed, deleted as handled. */
  readonly receiveNow: Effect.Effect<ReadonlyArray<unknown>, unknown, R>
  /** Lets `millis` pass (the test clock, or real time). */
  readonly pass: (millis: number) => Effect.Effect<void>
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, VerdictQueue | R>) => void

const send = (message: VerdictMessage, delaySeconds?: number) => Effect.flatMap(VerdictQueue, (queue) => queue.send(message, delaySeconds))

/** A message with every field a report's evidence uses (SPEC §6 as amended). */
const fullMessage: VerdictMessage = {
  campaignId: "c7",
  count: 3,
  lastSeen: 2,
  attempt: 1,
  source: "scrubbed/registrants.c7.Tour.20261120T0900.cleaned.prepared.merged.csv",
  run: "run-1",
  loadId: "load-1",
  shards: 2,
  since: 1_796_000_000_000,
  rejects: "rejects/registrants.c7.csv"
}

/** The behaviour every VerdictQueue adapter has, as the verdict reporter's pollers see it: one queue for all cases. */
export const verdictQueueContract = <R>(it: { effect: ItEffect<R> }, harness: VerdictQueueHarness<R>) => {
  it.effect("delivers a message sent without delay at once, every field as sent", () =>
    Effect.gen(function* () {
      yield* send(fullMessage)
      yield* send({ campaignId: "c8", count: 0 })
      const received = yield* harness.receiveNow
      expect([...received].sort((a, b) => ((a as VerdictMessage).campaignId < (b as VerdictMessage).campaignId ? -1 : 1))).toEqual([
        fullMessage,
        { campaignId: "c8", count: 0 }
      ])
      expect(yield* harness.receiveNow).toEqual([])
    }))

  it.effect("holds a message back for its delay seconds, then delivers it", () =>
    Effect.gen(function* () {
      const message = { campaignId: "c9", count: 5, lastSeen: 4, attempt: 2 }
      yield* send(message, 1)
      expect(yield* harness.receiveNow).toEqual([])
      yield* harness.pass(1_500)
      expect(yield* harness.receiveNow).toEqual([message])
    }))

  it.effect("refuses a delay beyond SQS's 900 seconds, sending nothing", () =>
    Effect.gen(function* () {
      const refused = yield* Effect.flip(send({ campaignId: "c10", count: 1 }, 901))
      expect(refused).toMatchObject({ _tag: "QueueSendError" })
      expect(yield* harness.receiveNow).toEqual([])
    }))
}
