import { randomUUID } from "node:crypto"
import { TransactionCanceledException, type TransactWriteItem, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb"
import { Clock, Data, Duration, Effect, Schedule } from "effect"
import { DemandTableError } from "../../services/errors.js"
import { addCounts, type CountChange, type CountsApplied, zeroCounts } from "../../services/schemas/Counts.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { runKey } from "../../services/RunProgress.js"
import { beforeEachRetry, retrySchedule } from "../../services/RetryPolicy.js"
import { groupBy } from "../../services/groupBy.js"
import { demandTable } from "./demandTableDefinition.js"
import { type DynamoCallFailed, tableCall, toTableError } from "./dynamoCalls.js"
import type { DynamoTableContext } from "./DynamoTable.js"

/** Actions per transaction: DynamoDB's limit (markers, the counts update, one update per run). */
export const actionsPerTransaction = 100
/** Markers per transaction when no change belongs to a run: with the counts update, 100 actions. */
export const changesPerTransaction = actionsPerTransaction - 1
/** Markers outlive the stream records (24 h) that could bring their eventID again. */
const markerLifetimeSeconds = 7 * 24 * 60 * 60

/**
 * How long contention on the counts alone is retried in one invocation: a hot campaign's
 * counts item is written by one counter per table-stream shard, so conflicts come in
 * bursts; giving up after the table's few retries would hand the changes back to a mapping
 * that gives them up in the end. The counter's Lambda timeout is 60 s.
 */
export const contentionBudget = Duration.seconds(40)

/** The SK of the marker that says a change was added to its campaign's counts. */
export const appliedMarker = (eventID: string) => `meta:applied:${eventID}`

const transactItems = (table: string, campaignId: string, changes: ReadonlyArray<CountChange>, expiresAt: number) => {
  const PK = { S: demandKeys.campaign(campaignId) }
  const sum = changes.reduce((total, change) => addCounts(total, change.delta), zeroCounts)
  const markers = changes.map(
    (change): TransactWriteItem => ({
      Put: {
        TableName: table,
        Item: { PK, SK: { S: appliedMarker(change.eventID) }, [demandTable.ttlAttribute]: { N: String(expiresAt) } },
        ConditionExpression: "attribute_not_exists(PK)"
      }
    })
  )
  const counts: TransactWriteItem = {
    Update: {
      TableName: table,
      Key: { PK, SK: { S: demandKeys.counts } },
      // Each counting transaction makes a new version of the counts: what orders the reports of them.
      UpdateExpression: "ADD verified :v, rejected :r, selected :s, #ver :one",
      ExpressionAttributeNames: { "#ver": "version" },
      ExpressionAttributeValues: {
        ":one": { N: "1" },
        ":v": { N: String(sum.verified) },
        ":r": { N: String(sum.rejected) },
        ":s": { N: String(sum.selected) }
      }
    }
  }
  const runs = groupBy(
    changes.filter((change) => change.run !== undefined),
    (change) => change.run!
  )
  // Counted for its run in the same transaction: exactly once, like the counts.
  const counted = [...runs].map(
    ([run, mine]): TransactWriteItem => ({
      Update: {
        TableName: table,
        Key: { PK, SK: { S: runKey(run) } },
        UpdateExpression: "ADD counted :n",
        ExpressionAttributeValues: { ":n": { N: String(mine.length) } }
      }
    })
  )
  return [...markers, counts, ...counted]
}

/** Changes in transactions of at most 100 actions: a marker each, the counts, one update per run among them. */
export const transactionChunks = (changes: ReadonlyArray<CountChange>): Array<Array<CountChange>> => {
  const chunks: Array<Array<CountChange>> = []
  let chunk: Array<CountChange> = []
  let runs = new Set<string>()
  for (const change of changes) {
    const withRun = change.run === undefined || runs.has(change.run) ? runs.size : runs.size + 1
    if (chunk.length + 1 + 1 + withRun > actionsPerTransaction) {
      chunks.push(chunk)
      chunk = []
      runs = new Set()
    }
    chunk.push(change)
    if (change.run !== undefined) runs.add(change.run)
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

/** Why a transaction was cancelled: markers already there (those changes were applied before), or contention. */
type Cancelled =
  | { readonly _tag: "Seen"; readonly indexes: ReadonlySet<number> }
  | { readonly _tag: "Contended"; readonly reason: string }

const contention = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"])

const cancelled = (failure: DynamoCallFailed, markers: number): Cancelled | undefined => {
  if (!(failure.error instanceof TransactionCanceledException)) return undefined
  const codes = (failure.error.CancellationReasons ?? []).map((reason) => reason.Code ?? "None")
  const seen = codes.flatMap((code, i) => (code === "ConditionalCheckFailed" && i < markers ? [i] : []))
  if (seen.length > 0) return { _tag: "Seen", indexes: new Set(seen) }
  const contended = codes.filter((code) => contention.has(code))
  return contended.length > 0 ? { _tag: "Contended", reason: contended.join(", ") } : undefined
}

/**
 * Adds up to 99 changes to the counts, exactly once each: one transaction puts a
 * marker per eventID (on condition it is absent) and ADDs the sum of their deltas. When
 * markers exist, their changes were applied before: they are dropped and the rest go
 * again. Contention (another transaction on the counts, throttling) is retried with backoff.
 */
const addOnce = (context: DynamoTableContext, campaignId: string, changes: ReadonlyArray<CountChange>) =>
  Effect.suspend(() => addOnceRun(context, campaignId, changes))

const addOnceRun = (context: DynamoTableContext, campaignId: string, changes: ReadonlyArray<CountChange>) => {
  const { client, limits, tableName } = context
  let pending = changes
  let retries = 0
  /** One transaction of the changes still pending; those whose markers exist are dropped and the rest sent again at once. */
  const transact: Effect.Effect<CountsApplied, DemandTableError | Contended> = Effect.gen(function* () {
    if (pending.length === 0) return { applied: 0, duplicates: changes.length }
    const expiresAt = Math.floor((yield* Clock.currentTimeMillis) / 1000) + markerLifetimeSeconds
    // One token per request, kept by the retries of that request: after an answer lost on the
    // network, DynamoDB answers the retry as it did the first call instead of cancelling it.
    const input = { TransactItems: transactItems(tableName, campaignId, pending, expiresAt), ClientRequestToken: randomUUID() }
    const outcome = yield* tableCall(limits, "TransactWriteItems", (signal) =>
      client.send(new TransactWriteItemsCommand(input), { abortSignal: signal })
    ).pipe(Effect.either)
    if (outcome._tag === "Right") return { applied: pending.length, duplicates: changes.length - pending.length }
    const why = cancelled(outcome.left, pending.length)
    if (why === undefined) return yield* Effect.fail(toTableError(tableName)(outcome.left))
    if (why._tag === "Contended") return yield* new Contended({ reason: why.reason })
    pending = pending.filter((_, i) => !why.indexes.has(i))
    return yield* transact
  })
  // Contention (another transaction on the counts, throttling) is retried with the table's backoff, for the contention budget.
  const schedule = beforeEachRetry(
    retrySchedule({ ...limits.retry, retries: Number.MAX_SAFE_INTEGER }).pipe(
      Schedule.upTo(contentionBudget),
      Schedule.whileInput((failure: DemandTableError | Contended) => failure._tag === "Contended")
    ),
    ({ failure, retry }) => Effect.zipRight(Effect.sync(() => void (retries = retry)), Effect.logDebug(`TransactWriteItems: retrying after ${failure.message}`))
  )
  return Effect.retry(transact, schedule).pipe(
    Effect.catchTag("Contended", (failure) =>
      Effect.fail(
        new DemandTableError({
          table: tableName,
          operation: "TransactWriteItems",
          reason: `counts of campaign ${campaignId} still contended (${failure.reason}) after ${retries} retries in ${Duration.format(contentionBudget)}`
        })
      )
    )
  )
}

/** A counts transaction cancelled by contention: retried. */
class Contended extends Data.TaggedError("Contended")<{ readonly reason: string }> {
  override get message() {
    return this.reason
  }
}

const firstOfEachEvent = (changes: ReadonlyArray<CountChange>) => {
  const seen = new Set<string>()
  return changes.filter((change) => !seen.has(change.eventID) && seen.add(change.eventID))
}

/**
 * `addToCounts` on DynamoDB: the changes (each eventID once; a repeat in the same call is
 * a duplicate) in transactions of up to 100 actions, one after the other since they all
 * write the counts; a change of a run adds to that run's `counted` in the same transaction.
 */
export const addToCounts =
  (context: DynamoTableContext) =>
  (campaignId: string, changes: ReadonlyArray<CountChange>): Effect.Effect<CountsApplied, DemandTableError> =>
    Effect.suspend(() => {
      const distinct = firstOfEachEvent(changes)
      return Effect.reduce(
        transactionChunks(distinct),
        { applied: 0, duplicates: changes.length - distinct.length },
        (total, chunk) =>
          Effect.map(addOnce(context, campaignId, chunk), (done) => ({
            applied: total.applied + done.applied,
            duplicates: total.duplicates + done.duplicates
          }))
      )
    })
