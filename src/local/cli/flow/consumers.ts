import { Cause, Duration, Effect, Exit, Option } from "effect"
import { handleEntryScoring } from "../../../handlers/entryScoringHandler.js"
import { handleSavedScores } from "../../../handlers/savedScoresHandler.js"
import { handleScoresToDynamoDB } from "../../../handlers/scoresToDynamoDBHandler.js"
import type { ConsumedBatch } from "../../../lambda/streamConsumer.js"
import { handleVerdictMessages } from "../../../handlers/verdictReporterHandler.js"
import type { LoadToTableResult } from "../../../pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import type { SavedScoresResult } from "../../../pipelines/processSavedScores/processSavedScores.js"
import type { EntryScoringResult } from "../../../pipelines/saveEntryScoring/EntryScoringTally.js"
import type { VerdictReporterResult } from "../../../pipelines/verdictReporter/VerdictReporterResult.js"
import type { QueueRecord } from "./FlowSide.js"

/** The four consumers' Lambda handlers, as the runner's mappings invoke them (tests give stand-ins of their own). */
export interface Consumers<R> {
  readonly toTable: (event: unknown) => Effect.Effect<ConsumedBatch<LoadToTableResult>, unknown, R>
  readonly toEntry: (event: unknown) => Effect.Effect<ConsumedBatch<EntryScoringResult>, unknown, R>
  readonly savedScores: (event: unknown) => Effect.Effect<ConsumedBatch<SavedScoresResult>, unknown, R>
  readonly reporter: (event: unknown) => Effect.Effect<ConsumedBatch<VerdictReporterResult>, unknown, R>
}

/** What the handlers need: the side's services, the HTTP stand-ins', the settings. */
export type LambdaDeps =
  | Effect.Effect.Context<ReturnType<typeof handleScoresToDynamoDB>>
  | Effect.Effect.Context<ReturnType<typeof handleEntryScoring>>
  | Effect.Effect.Context<ReturnType<typeof handleSavedScores>>
  | Effect.Effect.Context<ReturnType<typeof handleVerdictMessages>>

export const lambdaConsumers: Consumers<LambdaDeps> = {
  toTable: handleScoresToDynamoDB,
  toEntry: handleEntryScoring,
  savedScores: handleSavedScores,
  reporter: handleVerdictMessages
}

/** How the stack runs the reporter (infra/stack): its queue hides a received message six times as long as the function may run. */
export const visibilityPerTimeout = 6

/**
 * The reporter's timeout in the runner: 3 s (Lambda's is 1 min; a local run should not wait
 * that long on a stuck call): room for the longest Slack Retry-After a local report waits
 * out (2 s: 40% of its 5 s claim). Received messages stay hidden `visibilityPerTimeout`
 * times as long (18 s), as on the stack.
 */
export const localReporterTimeoutMillis = 3_000

/** The visibility timeout the runner's queues hide a received message for: the stack's ratio to the reporter's timeout. */
export const localVisibilitySeconds = (localReporterTimeoutMillis * visibilityPerTimeout) / 1000

/** The failure of a reporter invocation cut off at its timeout. */
const timedOut = { reason: "the invocation timed out" } as const

/**
 * One reporter invocation on a batch, cut off at its timeout as Lambda would: an invocation
 * that fails or times out hands every message of its batch back (they come back after the
 * visibility timeout); else its batch item failures come back.
 */
export const invokeReporter = <R>(consumers: Consumers<R>, batch: ReadonlyArray<QueueRecord>, timeoutMillis: number) =>
  consumers.reporter({ Records: batch }).pipe(
    Effect.timeoutFail({ duration: Duration.millis(timeoutMillis), onTimeout: () => timedOut }),
    Effect.exit,
    Effect.map((exit) =>
      Exit.isSuccess(exit)
        ? { failed: new Set(exit.value.reply.batchItemFailures.map((failure) => failure.itemIdentifier)), result: exit.value.result, timedOut: false }
        : {
            failed: new Set(batch.map((message) => message.messageId)),
            result: undefined,
            timedOut: Option.getOrUndefined(Cause.failureOption(exit.cause)) === timedOut
          }
    )
  )
