import { layer } from "@effect/vitest"
import { Clock, Effect, Layer, TestClock } from "effect"
import { LocalQueue } from "../../../src/local/cli/LocalQueue.js"
import { MemoryVerdictQueue } from "../../../src/local/memory/MemoryVerdictQueue.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { verdictQueueContract } from "../../layers/contracts/verdictQueueContract.js"

/** The in-memory queue as the local runner's pollers read it: SQS's delays over what it was sent. */
const queue = new MemoryVerdictQueue()
const polled = new LocalQueue(queue)

const receiveNow = Effect.map(Clock.currentTimeMillis, (now) => {
  polled.collect(now)
  const batch = polled.receive(now)
  polled.settle(batch, new Set())
  return batch.map((message) => JSON.parse(message.body) as unknown)
})

layer(Layer.succeed(VerdictQueue, queue.service))("MemoryVerdictQueue: the verdict queue's contract", (it) => {
  verdictQueueContract(it, { receiveNow, pass: (millis) => TestClock.adjust(millis) })
})
