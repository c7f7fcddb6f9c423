import { Effect } from "effect"
import type { StackError } from "../../standIns/aws/stackCall.js"
import type { VerdictReporterResult } from "../../../pipelines/verdictReporter/VerdictReporterResult.js"
import { count, plural } from "../format.js"
import type { Progress } from "../progress.js"
import { type Activity, consumerLoop, type LoopState, notNow } from "./activity.js"
import { type Consumers, invokeReporter } from "./consumers.js"
import type { FlowSide, QueueRecord } from "./FlowSide.js"
import type { FlowResults } from "./flowResults.js"
import { retried } from "./streamLoops.js"

/** Concurrent pollers of the verdict queue (Lambda's SQS event source runs several; the stack's batch is 10). */
export const defaultReporterPollers = 3

const reporterLine = (r: VerdictReporterResult) =>
  `${count(r.slack.posted)} posted, ${count(r.slack.bypassed)} bypassed, ${count(r.slack.failed)} failed, ${count(r.requeue.sent)} requeued`

export interface ReporterPolling {
  readonly pollers: number
  readonly timeoutMillis: number
  readonly maxPauseMillis: number
  /**
   * The loops whose work the pollers wait for before each receive, or none: one file at
   * a time, the queue is read once the streams are read to their end (as before a report
   * the counts have caught up with what was put), so reports and the dump are the same
   * from run to run; files together, the pollers receive whenever they like, as on AWS.
   */
  readonly after?: ReadonlyArray<LoopState>
}

/**
 * The verdict queue's pollers, each a loop of its own: up to 10 visible messages, one
 * reporter invocation on them (cut off at its timeout), the handled ones deleted, the
 * failed ones left to come back after the visibility timeout.
 */
export const reporterPollers = <R>(
  side: FlowSide,
  consumers: Consumers<R>,
  results: FlowResults,
  progress: Progress,
  activity: Activity,
  polling: ReporterPolling
) =>
  Array.from({ length: polling.pollers }, (_, i) => {
    const loop = activity.register(`verdict queue poller ${i + 1}`)
    const receive = retried(progress, "verdict queue", side.verdicts.receive)
    const poll = Effect.suspend((): Effect.Effect<ReadonlyArray<QueueRecord> | typeof notNow, StackError> =>
      polling.after === undefined || activity.idle(polling.after) ? receive : Effect.succeed(notNow)
    )
    const handle = (batch: ReadonlyArray<QueueRecord>) =>
      Effect.gen(function* () {
        const { failed, result, timedOut } = yield* invokeReporter(consumers, batch, polling.timeoutMillis)
        if (result !== undefined) results.reporter.push(result)
        yield* retried(progress, "verdict queue", side.verdicts.settle(batch, failed))
        const outcome =
          result !== undefined
            ? reporterLine(result)
            : `the invocation ${timedOut ? `timed out (${polling.timeoutMillis / 1000} s)` : "failed"}, every message comes back`
        yield* progress.say(`  verdict queue: ${plural(batch.length, "message")} → verdictReporter: ${outcome}`)
      })
    return consumerLoop(activity, loop, polling.maxPauseMillis, poll, handle)
  })
