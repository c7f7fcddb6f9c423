import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand
} from "@aws-sdk/client-dynamodb"
import { Clock, Effect, Option } from "effect"
import type { UpsertResult } from "../../services/DemandTable.js"
import { DemandTableError } from "../../services/errors.js"
import { planUpdate, scoreWrite, stamped } from "../../services/fanScoreUpsert.js"
import type { DemandItem, FanScoreItem, ItemKey } from "../../services/schemas/FanScoreItem.js"
import type { WriteStamp } from "../../services/schemas/ScoreWrite.js"
import { type CallLimits, type DynamoCallFailed, isConditionFailure, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { changeUpdate, fromDynamo, newItem } from "./dynamoExpressions.js"
import type { FirstCallChooser } from "./upsertFirstCall.js"

/** Another writer changed (or removed) the item between our read and our write. */
class Conflict {
  readonly _tag = "Conflict"
}

export interface UpsertContext {
  readonly client: DynamoDBClient
  readonly tableName: string
  readonly limits: CallLimits
  /** Tries of a whole upsert that meets concurrent writers, before it fails. */
  readonly maxAttempts: number
  /** Put or read first (shared by the adapter's upserts: its estimate follows them all). */
  readonly firstCall: FirstCallChooser
}

const keyOf = (item: ItemKey) => ({ PK: { S: item.PK }, SK: { S: item.SK } })

const isoNow = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())

/** The stored item, read strongly consistent: None when the key is absent. */
export const consistentRead = (
  context: Pick<UpsertContext, "client" | "tableName" | "limits">,
  item: ItemKey
): Effect.Effect<Option.Option<DemandItem>, DynamoCallFailed> =>
  tableCall(context.limits, "GetItem", (signal) =>
    context.client.send(
      new GetItemCommand({ TableName: context.tableName, Key: keyOf(item), ConsistentRead: true }),
      { abortSignal: signal }
    )
  ).pipe(Effect.flatMap(({ Item }) => locally("GetItem", () => Option.map(Option.fromNullable(Item), fromDynamo))))

/** The stored item a failed put reports (ALL_OLD); a consistent read when the answer lacks it. */
const storedAfterFailedPut = (
  context: UpsertContext,
  item: FanScoreItem,
  failure: DynamoCallFailed
): Effect.Effect<DemandItem, DynamoCallFailed | Conflict> => {
  const old = failure.error instanceof ConditionalCheckFailedException ? failure.error.Item : undefined
  if (old !== undefined) return locally("PutItem", () => fromDynamo(old))
  return Effect.flatMap(consistentRead(context, item), (stored) =>
    Option.isSome(stored) ? Effect.succeed(stored.value) : Effect.fail(new Conflict())
  )
}

/** Puts the item if its key is absent: None when created, else the stored item. */
const putIfAbsent = (context: UpsertContext, item: FanScoreItem, now: string) =>
  Effect.flatMap(locally("PutItem", () => newItem(item, now)), (Item) =>
    tableCall(context.limits, "PutItem", (signal) =>
      context.client.send(
        new PutItemCommand({
          TableName: context.tableName,
          Item,
          ConditionExpression: "attribute_not_exists(PK)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD"
        }),
        { abortSignal: signal }
      )
    )
  ).pipe(
    Effect.as(Option.none<DemandItem>()),
    Effect.catchIf(isConditionFailure, (failure) => Effect.asSome(storedAfterFailedPut(context, item, failure)))
  )

/** Sets the changed attributes and `date.updated`, if nobody changed the item since it was read. */
const updateIfUnchanged = (
  context: UpsertContext,
  item: FanScoreItem,
  changed: ReadonlyArray<string>,
  stored: DemandItem,
  now: string
) =>
  Effect.flatMap(locally("UpdateItem", () => changeUpdate(item, changed, stored, now)), (update) =>
    tableCall(context.limits, "UpdateItem", (signal) =>
      context.client.send(new UpdateItemCommand({ TableName: context.tableName, Key: keyOf(item), ...update }), {
        abortSignal: signal
      })
    )
  ).pipe(Effect.catchIf(isConditionFailure, () => Effect.fail(new Conflict())))

/** The item stored under the key, looked up by the first call the chooser picks: None once a put created it. */
const firstLook = (context: UpsertContext, item: FanScoreItem, stamp: WriteStamp | undefined, now: string) => {
  const created = putIfAbsent(context, stamped(item, stamp, true, now), now)
  const look =
    context.firstCall.next() === "put"
      ? created
      : Effect.flatMap(consistentRead(context, item), (stored) => (Option.isSome(stored) ? Effect.succeed(stored) : created))
  return Effect.tap(look, (stored) => context.firstCall.observe(Option.isSome(stored)))
}

const upsertOnce = (
  context: UpsertContext,
  item: FanScoreItem,
  stamp: WriteStamp | undefined
): Effect.Effect<UpsertResult, DynamoCallFailed | Conflict> =>
  Effect.gen(function* () {
    const now = yield* isoNow
    const stored = yield* firstLook(context, item, stamp, now)
    if (Option.isNone(stored)) return { outcome: "created", moves: true }
    const plan = planUpdate(stored.value, item, now, stamp)
    if (plan._tag === "Unchanged") return { outcome: "unchanged", moves: plan.moves }
    yield* updateIfUnchanged(context, plan.written, plan.changed, stored.value, now)
    return { outcome: "updated", moves: plan.moves }
  })

/**
 * SPEC §4's upsert, race-free. Put first: a conditional put (created: 1 call); when the
 * key exists, the stored item comes back with the failed condition and is compared
 * (unchanged: 1 call, nothing written). Read first: a strongly consistent GetItem
 * (unchanged: 1 call), a conditional put when the key is absent (created: 2 calls).
 * Either way a conditional update of the changed attributes follows (updated: 2 calls),
 * and a concurrent change in between starts it over. With a stamp, an item already
 * stamped by the same record is left as it is (see planUpdate). `context.firstCall`
 * picks the first call (upsertFirstCall.ts).
 */
export const upsertFanScore =
  (context: UpsertContext) =>
  (given: FanScoreItem, stamp?: WriteStamp): Effect.Effect<UpsertResult, DemandTableError> => {
    const item = scoreWrite(given)
    return upsertOnce(context, item, stamp).pipe(
      Effect.retry({ times: context.maxAttempts - 1, while: (error) => error._tag === "Conflict" }),
      Effect.catchTags({
        Conflict: () =>
          Effect.fail(
            new DemandTableError({
              table: context.tableName,
              operation: "UpdateItem",
              reason: `${item.PK} ${item.SK} kept changing under concurrent writers: gave up after ${context.maxAttempts} attempts`
            })
          ),
        DynamoCallFailed: (failure) => Effect.fail(toTableError(context.tableName)(failure))
      })
    )
  }
