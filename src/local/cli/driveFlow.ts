import { Effect } from "effect"
import type { StackError } from "../standIns/aws/stackCall.js"
import { Activity, consumerLoop } from "./flow/activity.js"
import { type Consumers, lambdaConsumers, localReporterTimeoutMillis } from "./flow/consumers.js"
import type { FlowSide } from "./flow/FlowSide.js"
import { type FlowResults, noResults } from "./flow/flowResults.js"
import { untilQuiet } from "./flow/quietWatch.js"
import { defaultReporterPollers, reporterPollers } from "./flow/reporterPollers.js"
import { retried, scoresDelivery, tableDelivery, tablePoll } from "./flow/streamLoops.js"
import type { Progress } from "./progress.js"

export type { FlowResults } from "./flow/flowResults.js"

export interface DriveOptions {
  /** Whether a load still runs: the flow is not quiet before it is done. */
  readonly loading?: Effect.Effect<boolean>
  /** Files loaded together: the verdict queue's pollers receive whenever they like, as on AWS (else once the streams are read). */
  readonly together?: boolean
  /** Concurrent pollers of the verdict queue (3 by default). */
  readonly reporterPollers?: number
  /** How long a reporter invocation may run before it is cut off (the visibility timeout is six times this). */
  readonly reporterTimeoutMillis?: number
  /** Given a function that wakes every loop: the caller's own events (a load done) are seen at once, not after a pause. */
  readonly wakeWith?: (wake: () => void) => void
}

/** The longest an idle loop sleeps between polls where the side does not say. */
const defaultIdlePauseMillis = 50

const merged = (a: FlowResults, b: FlowResults): FlowResults => ({
  toTable: [...a.toTable, ...b.toTable],
  toEntry: [...a.toEntry, ...b.toEntry],
  savedScores: [...a.savedScores, ...b.savedScores],
  reporter: [...a.reporter, ...b.reporter],
  givenUp: [...a.givenUp, ...b.givenUp]
})

/**
 * Drives every consumer through its Lambda handler until the flow is quiet, concurrently
 * as the stack's event source mappings do (SPEC §8, "Concurrency as deployed"): a loop
 * on the scores stream whose every poll goes to loadScoresToDynamoDB (per shard, one
 * batch at a time) and saveEntryScoring (per shard, two at a time) at once, all shards
 * beside each other; a loop on the table's stream for processSavedScores (one invocation
 * per shard at a time); several pollers of the verdict queue, each invoking the reporter
 * on up to 10 messages, cut off at its timeout. Each mapping retries and bisects as the
 * stack's do. It runs beside the loads where the side consumes while loading. Quiet:
 * the loads done, every loop idle twice `quietMillis` apart, the queue empty.
 */
export const driveWith =
  <R>(consumers: Consumers<R>) =>
  (side: FlowSide, progress: Progress, options: DriveOptions = {}): Effect.Effect<FlowResults, StackError, R> =>
    Effect.gen(function* () {
      const results = noResults()
      const activity = new Activity()
      options.wakeWith?.(() => activity.wake())
      const maxPause = side.idlePauseMillis ?? defaultIdlePauseMillis
      const scores = activity.register("scores stream")
      const table = activity.register("demand table stream")
      const loops = [
        consumerLoop(activity, scores, maxPause, retried(progress, "scores stream", side.scoresStream.poll), scoresDelivery(side, consumers, results, progress)),
        consumerLoop(activity, table, maxPause, tablePoll(side, progress), tableDelivery(side, consumers, results, progress)),
        ...reporterPollers(side, consumers, results, progress, activity, {
          pollers: options.reporterPollers ?? defaultReporterPollers,
          timeoutMillis: options.reporterTimeoutMillis ?? localReporterTimeoutMillis,
          maxPauseMillis: maxPause,
          ...(options.together === true ? {} : { after: [scores, table] })
        })
      ]
      const loading = options.loading ?? Effect.succeed(false)
      const queueHolds = retried(progress, "verdict queue", side.verdicts.waitForMore)
      const watch = untilQuiet(activity, { quietMillis: side.quietMillis, loading, queueHolds })
      const [quietAt] = yield* Effect.all([watch, ...loops], { concurrency: "unbounded" })
      // A poll under way when the flow went quiet may still have found something: drive on until it is handled.
      if (activity.generation === quietAt) return results
      return merged(results, yield* driveWith(consumers)(side, progress, options))
    })

/** The consumers through their Lambda handlers until the flow is quiet (see driveWith). */
export const driveUntilQuiet = (side: FlowSide, progress: Progress, options: DriveOptions = {}) => driveWith(lambdaConsumers)(side, progress, options)
