import { randomUUID } from "node:crypto"
import { GetItemCommand, TransactionCanceledException, type TransactWriteItem, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb"
import { Clock, Effect, Option } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { changeDay } from "../../services/changeDays.js"
import { runKey } from "../../services/RunProgress.js"
import { type CommitOutcome, type CountingCommit, positionOfItem, type ShardPosition } from "../../services/schemas/CountingCommit.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { demandTable } from "./demandTableDefinition.js"
import { type DynamoCallFailed, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { fromDynamo } from "./dynamoExpressions.js"
import type { DynamoTableContext } from "./DynamoTable.js"

/** Positions and markers outlive the stream records (24 h) that could bring their changes again. */
const lifetimeSeconds = 7 * 24 * 60 * 60

const s = (value: string) => ({ S: value })
const n = (value: number) => ({ N: String(value) })
const positionKey = (shard: string) => ({ PK: s(demandKeys.shard(shard)), SK: s(demandKeys.position) })
const markerKey = (campaignId: string, eventID: string) => ({ PK: s(demandKeys.campaign(campaignId)), SK: s(demandKeys.applied(eventID)) })

/** The actions of a commit, in this order: the position (under a position guard), the markers, the counts, the runs. */
const actionsOf = (TableName: string, { guard, markers, counts, counted }: CountingCommit, now: number, expiresAt: number): Array<TransactWriteItem> => {
  const absent = "attribute_not_exists(PK)"
  const position: Array<TransactWriteItem> =
    guard._tag === "Markers"
      ? []
      : [
          {
            Update: {
              TableName,
              Key: positionKey(guard.shard),
              UpdateExpression: `SET #at = :at, checked = :checked, ${demandTable.ttlAttribute} = :expires`,
              // Only from the position read: another delivery of the shard that went first moved it.
              ConditionExpression: guard.expected === undefined ? absent : "#at = :was AND checked = :wasChecked",
              ExpressionAttributeNames: { "#at": "at" },
              ExpressionAttributeValues: {
                ":at": s(guard.next.at),
                ":checked": n(guard.next.checked),
                ":expires": n(expiresAt),
                ...(guard.expected === undefined ? {} : { ":was": s(guard.expected.at), ":wasChecked": n(guard.expected.checked) })
              }
            }
          }
        ]
  const marked = markers.map(({ campaignId, eventID }): TransactWriteItem =>
    guard._tag === "Markers"
      ? { Put: { TableName, Item: { ...markerKey(campaignId, eventID), [demandTable.ttlAttribute]: n(expiresAt) }, ConditionExpression: absent } }
      : { ConditionCheck: { TableName, Key: markerKey(campaignId, eventID), ConditionExpression: absent } }
  )
  const added = counts.map(({ campaignId, delta }): TransactWriteItem => ({
    Update: {
      TableName,
      Key: { PK: s(demandKeys.campaign(campaignId)), SK: s(demandKeys.counts) },
      // Each counting transaction makes a new version of the counts: what orders the reports of them.
      // Its day lists the campaign in the byChangeDay index (what the drift check recounts).
      UpdateExpression: `SET ${demandTable.changedDay} = :day ADD verified :v, rejected :r, selected :s, #ver :one`,
      ExpressionAttributeNames: { "#ver": "version" },
      ExpressionAttributeValues: { ":one": n(1), ":v": n(delta.verified), ":r": n(delta.rejected), ":s": n(delta.selected), ":day": s(changeDay(now)) }
    }
  }))
  const runs = counted.map(({ campaignId, run, changes }): TransactWriteItem => ({
    Update: {
      TableName,
      Key: { PK: s(demandKeys.campaign(campaignId)), SK: s(runKey(run)) },
      UpdateExpression: `SET changedAt = :now, ${demandTable.changedDay} = :day ADD counted :n`,
      ExpressionAttributeValues: { ":n": n(changes), ":now": n(now), ":day": s(changeDay(now)) }
    }
  }))
  return [...position, ...marked, ...added, ...runs]
}

const contention = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"])

/** What a cancelled transaction's reasons say: the position moved, markers exist, or contention (undefined: none of these). */
const cancelled = (failure: DynamoCallFailed, commit: CountingCommit): CommitOutcome | undefined => {
  if (!(failure.error instanceof TransactionCanceledException)) return undefined
  const codes = (failure.error.CancellationReasons ?? []).map((reason) => reason.Code ?? "None")
  const first = commit.guard._tag === "Position" ? 1 : 0
  if (first === 1 && codes[0] === "ConditionalCheckFailed") return { _tag: "Moved" }
  const seen = commit.markers.filter((_, i) => codes[first + i] === "ConditionalCheckFailed").map((marker) => marker.eventID)
  if (seen.length > 0) return { _tag: "Seen", eventIDs: new Set(seen) }
  const contended = codes.filter((code) => contention.has(code))
  return contended.length > 0 ? { _tag: "Contended", reason: contended.join(", ") } : undefined
}

/** commitCounting on DynamoDB: one TransactWriteItems call; a cancellation read into what the counter does next. */
export const commitCounting =
  ({ client, limits, tableName }: DynamoTableContext) =>
  (commit: CountingCommit): Effect.Effect<CommitOutcome, DemandTableError> =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const expiresAt = Math.floor(now / 1000) + lifetimeSeconds
      // One token per request, kept by the retries of that request: after an answer lost on the
      // network, DynamoDB answers the retry as it did the first call instead of applying it again.
      const input = { TransactItems: actionsOf(tableName, commit, now, expiresAt), ClientRequestToken: randomUUID() }
      const outcome = yield* tableCall(limits, "TransactWriteItems", (signal) =>
        client.send(new TransactWriteItemsCommand(input), { abortSignal: signal })
      ).pipe(Effect.either)
      if (outcome._tag === "Right") return { _tag: "Committed" } as const
      const why = cancelled(outcome.left, commit)
      return why === undefined ? yield* Effect.fail(toTableError(tableName)(outcome.left)) : why
    })

/** shardPosition on DynamoDB: a consistent read of the shard's position item. */
export const shardPosition =
  ({ client, limits, tableName }: DynamoTableContext) =>
  (shard: string): Effect.Effect<Option.Option<ShardPosition>, DemandTableError> =>
    tableCall(limits, "GetItem", (signal) =>
      client.send(new GetItemCommand({ TableName: tableName, Key: positionKey(shard), ConsistentRead: true }), { abortSignal: signal })
    ).pipe(
      Effect.flatMap(({ Item }) => locally("GetItem", () => Option.map(Option.fromNullable(Item), (item) => positionOfItem(fromDynamo(item))))),
      Effect.mapError(toTableError(tableName))
    )
