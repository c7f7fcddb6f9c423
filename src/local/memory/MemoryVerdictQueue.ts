import { Effect } from "effect"
import { QueueSendError } from "../../services/errors.js"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"

export interface SentMessage {
  readonly body: VerdictMessage
  readonly delaySeconds: number
}

/** SQS holds a message back for 0 to 900 seconds, and refuses a send that asks for more. */
const maxDelaySeconds = 900

/** An in-memory verdict queue: keeps every message sent, in order. */
export class MemoryVerdictQueue {
  readonly sent: Array<SentMessage> = []

  readonly service = VerdictQueue.of({
    send: (body, delaySeconds = 0) =>
      delaySeconds < 0 || delaySeconds > maxDelaySeconds
        ? Effect.fail(new QueueSendError({ queue: "verdict-queue", reason: `InvalidParameterValue: DelaySeconds ${delaySeconds}, 0 to ${maxDelaySeconds}` }))
        : Effect.sync(() => void this.sent.push({ body, delaySeconds }))
  })
}
