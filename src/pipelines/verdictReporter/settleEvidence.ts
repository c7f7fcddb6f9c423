import { Effect, Option } from "effect"
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

/**
 * Whether the counts hold every change the message's file caused (SPEC §6, amended): its
 * load's end-of-file mark passed on every shard it marked, and as many count-moving changes
 * of its run counted as its records' writes made. Not a timer: a counter that lags keeps it
 * false, however long.
 */
export const isFileCounted = (message: VerdictMessage, counts: Counts, maxAttempts: number) =>
  message.run === undefined
    ? Effect.succeed(isSettled(message, counts, maxAttempts))
    : Effect.map(
        Effect.flatMap(RunProgress, (progress) => progress.progress(message.campaignId, message.run!)),
        Option.match({
          onNone: () => false,
          onSome: (state) => isRunCounted(state, message.loadId ?? "", message.shards ?? 1)
        })
      )
