import { Effect, Option } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { isRunCounted, RunProgress } from "../../services/RunProgress.js"
import type { Counts } from "../../services/schemas/Counts.js"
import type { VerdictMessage } from "../../services/schemas/VerdictMessage.js"

/**
 * The settle rule of SPEC §6 before its amendment, for messages that name no run (sent by
 * an older loader): total = count, or total = lastSeen, or attempt ≥ max.
 */
export const isSettled = (message: VerdictMessage, counts: Counts, maxAttempts: number) => {
  const total = counts.verified + counts.rejected
  return total === message.count || total === message.lastSeen || (message.attempt ?? 0) >= maxAttempts
}

/** Whether a file's changes are counted, and when they came to be (unknown for a message that names no run, or an older item). */
export interface FileCounted {
  readonly counted: boolean
  readonly settledAt?: number
}

/**
 * Whether the counts hold every change the message's file caused (SPEC §6, amended): its
 * load's end-of-file mark passed on every shard it marked, and as many count-moving changes
 * of its run counted as its records' writes made. Not a timer: a counter that lags keeps it
 * false, however long. When they are, the run's last change is when its counts settled.
 */
export const fileCounted = (message: VerdictMessage, counts: Counts, maxAttempts: number): Effect.Effect<FileCounted, DemandTableError, RunProgress> =>
  message.run === undefined
    ? Effect.succeed({ counted: isSettled(message, counts, maxAttempts) })
    : Effect.map(
        Effect.flatMap(RunProgress, (progress) => progress.progress(message.campaignId, message.run!)),
        Option.match({
          onNone: () => ({ counted: false }),
          onSome: (state) =>
            isRunCounted(state, message.loadId ?? "", message.shards ?? 1)
              ? { counted: true, ...(state.changedAt === undefined ? {} : { settledAt: state.changedAt }) }
              : { counted: false }
        })
      )
