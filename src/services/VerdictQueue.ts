import { Context, type Effect } from "effect"
import type { QueueSendError } from "./errors.js"
import type { VerdictMessage } from "./schemas/VerdictMessage.js"

/** The SQS queue that asks the verdict reporter to report a campaign's counts. */
export class VerdictQueue extends Context.Tag("vf/VerdictQueue")<
  VerdictQueue,
  {
    readonly send: (message: VerdictMessage, delaySeconds?: number) => Effect.Effect<void, QueueSendError>
  }
>() {}
