import { type AttributeValue, GetItemCommand, UpdateItemCommand, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb"
import { Clock, Effect, type Layer, Option } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import { comparableSequence, positionAttribute, positionsOf, RunProgress, type RunProgressState, runKey } from "../../services/RunProgress.js"
import { changeDay } from "../../services/changeDays.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { markName } from "../../services/schemas/EndOfFile.js"
import { demandTable } from "./demandTableDefinition.js"
import { isConditionFailure, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { fromDynamo } from "./dynamoExpressions.js"
import { type DynamoTableContext, onDynamoTable } from "./DynamoTable.js"

/** A run's progress item outlives the longest wait of its report (6 hours) by far. */
const lifetimeSeconds = 14 * 24 * 60 * 60

const progressKey = (campaignId: string, run: string) => ({ PK: { S: demandKeys.campaign(campaignId) }, SK: { S: runKey(run) } })

const number = (value: unknown) => (typeof value === "number" ? value : 0)

/** The state a progress item holds (marks are a string set). */
export const progressOf = (item: Record<string, AttributeValue>): RunProgressState => {
  const plain = fromDynamo(item)
  const marks = plain["marks"]
  return {
    expected: number(plain["expected"]),
    counted: number(plain["counted"]),
    marks: marks instanceof Set ? [...(marks as Set<string>)] : [],
    ...(typeof plain["changedAt"] === "number" ? { changedAt: plain["changedAt"] } : {})
  }
}

/** RunProgress on the demand table: one item per run, written with conditional UpdateItem calls. */
export const dynamoRunProgress = ({ client, limits, tableName }: DynamoTableContext): RunProgress["Type"] => {
  const failed = toTableError(tableName)
  const update = (input: Omit<UpdateItemCommandInput, "TableName">) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const expiresAt = { N: String(Math.floor(now / 1000) + lifetimeSeconds) }
      const values = { ...input.ExpressionAttributeValues, ":expires": expiresAt, ":now": { N: String(now) }, ":day": { S: changeDay(now) } }
      const command = new UpdateItemCommand({ ...input, TableName: tableName, ExpressionAttributeValues: values })
      return tableCall(limits, "UpdateItem", (signal) => client.send(command, { abortSignal: signal }))
    })
  const marksOf = (marks: ReadonlyArray<string>): Record<string, AttributeValue> =>
    marks.length === 0 ? {} : { ":marks": { SS: [...new Set(marks)] } }
  const read = (campaignId: string, run: string) =>
    Effect.map(
      tableCall(limits, "GetItem", (signal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: progressKey(campaignId, run), ConsistentRead: true }), { abortSignal: signal })
      ),
      ({ Item }) => Option.fromNullable(Item)
    )
  // Every write of the item says when it was made: the last one, when the run is counted, is when its counts settled.
  // Its day lists the campaign in byChangeDay: written to, it is recounted by the drift check even if the counter never saw the writes.
  const ttl = `${demandTable.ttlAttribute} = if_not_exists(${demandTable.ttlAttribute}, :expires), changedAt = :now, ${demandTable.changedDay} = :day`

  return RunProgress.of({
    recordShardWrites: (writes) =>
      update({
        Key: progressKey(writes.campaignId, writes.run),
        UpdateExpression: `SET #at = :last, ${ttl} ADD expected :moved${writes.marks.length === 0 ? "" : ", marks :marks"}`,
        // A range at or before the last one recorded for the shard came before: this delivery repeats it.
        ConditionExpression: "attribute_not_exists(#at) OR #at < :first",
        ExpressionAttributeNames: { "#at": positionAttribute(writes.shardId) },
        ExpressionAttributeValues: {
          ":last": { S: comparableSequence(writes.last) },
          ":first": { S: comparableSequence(writes.first) },
          ":moved": { N: String(writes.moved) },
          ...marksOf(writes.marks)
        }
      }).pipe(
        Effect.asVoid,
        Effect.catchIf(isConditionFailure, () =>
          Effect.logDebug(`run ${writes.run}: writes of ${writes.shardId} up to ${writes.last} were recorded before`)
        ),
        Effect.mapError(failed)
      ),
    recordFileWrites: (writes) =>
      update({
        Key: progressKey(writes.campaignId, writes.run),
        UpdateExpression: `SET expected = :moved, ${ttl} ADD marks :marks`,
        ExpressionAttributeValues: { ":moved": { N: String(writes.moved) }, ...marksOf([markName(writes.loadId, "file")]) }
      }).pipe(Effect.asVoid, Effect.mapError(failed)),
    progress: (campaignId, run) =>
      read(campaignId, run).pipe(Effect.flatMap((item) => locally("GetItem", () => Option.map(item, progressOf))), Effect.mapError(failed)),
    recordedUpTo: (campaignId, run) =>
      read(campaignId, run).pipe(
        Effect.flatMap((item) => locally("GetItem", () => Option.match(item, { onNone: () => ({}), onSome: (found) => positionsOf(fromDynamo(found)) }))),
        Effect.mapError(failed)
      )
  })
}

/** RunProgress on the demand table DEMAND_TABLE names, on the shared table context. */
export const DynamoRunProgressLive: Layer.Layer<RunProgress, MissingSetting> = onDynamoTable(RunProgress, dynamoRunProgress)
