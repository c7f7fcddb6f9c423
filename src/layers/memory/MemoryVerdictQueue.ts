import { Effect } from "effect"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"

export interface SentMessage {
  readonly body: VerdictMessage
  readonly delaySeconds: number
}

/** An in-memory verdict queue: keeps every message sent, in order. */
export class MemoryVerdictQueue {
  readonly sent: Array<SentMessage> = []

  readonly service = VerdictQueue.of({
    send: (body, delaySeconds = 0) => Effect.sync(() => void this.sent.push({ body, delaySeconds }))
  })
}
