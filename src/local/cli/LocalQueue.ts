import type { MemoryVerdictQueue } from "../memory/MemoryVerdictQueue.js"
import type { QueueMessageIn } from "../../pipelines/verdictReporter/VerdictReporterResult.js"
import { localVisibilitySeconds } from "./flow/consumers.js"

interface InFlight extends QueueMessageIn {
  visibleAt: number
  receiveCount: number
}

/**
 * SQS behaviour over the in-memory verdict queue: delays, visibility, redrive after 5
 * receives. A received message stays hidden six times as long as the runner lets a
 * reporter invocation run (the stack's ratio), so no other poller receives it meanwhile.
 */
export class LocalQueue {
  private cursor = 0
  private next = 0
  private readonly messages: Array<InFlight> = []
  /** Messages received too often without success: where a dead-letter queue would hold them. */
  readonly deadLetters: Array<QueueMessageIn> = []

  constructor(
    private readonly queue: MemoryVerdictQueue,
    private readonly visibilitySeconds = localVisibilitySeconds,
    private readonly maxReceives = 5
  ) {}

  /** Takes in what was sent since the last call, each visible after its DelaySeconds. */
  collect(now: number) {
    for (const { body, delaySeconds } of this.queue.sent.slice(this.cursor)) {
      this.messages.push({ messageId: `local-${++this.next}`, body: JSON.stringify(body), visibleAt: now + delaySeconds * 1000, receiveCount: 0 })
    }
    this.cursor = this.queue.sent.length
  }

  /** Up to 10 visible messages, hidden for the visibility timeout while they are handled. */
  receive(now: number): Array<QueueMessageIn & { receiveCount: number }> {
    const batch = this.messages.filter((message) => message.visibleAt <= now).slice(0, 10)
    for (const message of batch) {
      message.receiveCount++
      message.visibleAt = now + this.visibilitySeconds * 1000
    }
    return batch.map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount }))
  }

  /** Deletes the batch but its failures, which come back after the visibility timeout. */
  settle(batch: ReadonlyArray<QueueMessageIn>, failed: ReadonlySet<string>) {
    for (const { messageId } of batch) {
      const at = this.messages.findIndex((message) => message.messageId === messageId)
      const message = this.messages[at]!
      if (failed.has(messageId) && message.receiveCount < this.maxReceives) continue
      this.messages.splice(at, 1)
      if (failed.has(messageId)) this.deadLetters.push({ messageId, body: message.body })
    }
  }

  /** When the next message becomes visible; undefined when the queue is empty. */
  nextVisibleAt(): number | undefined {
    return this.messages.length === 0 ? undefined : Math.min(...this.messages.map((message) => message.visibleAt))
  }
}
