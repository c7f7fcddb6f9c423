import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { Clock, Effect, type Layer, Option } from "effect"
import type { DemandTableError, MissingSetting } from "../../services/errors.js"
import { ReportLedger } from "../../services/ReportLedger.js"
import { type ClaimDecision, decideClaim } from "../../services/reportOrder.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { ledgerStateOf } from "../../services/schemas/ReportLedgerItem.js"
import { type DynamoCallFailed, isConditionFailure, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { claimUpdate, confirmUpdate, releaseUpdate } from "./dynamoReportWrites.js"
import { fromDynamo } from "./dynamoExpressions.js"
import { type DynamoTableContext, onDynamoTable } from "./DynamoTable.js"

const reportKey = (campaignId: string) => ({ PK: { S: demandKeys.campaign(campaignId) }, SK: { S: demandKeys.slackCounts } })

/** ReportLedger on the demand table's `meta:slack:counts` items: one conditional write per step, no read before it. */
export const dynamoReportLedger = (table: DynamoTableContext): ReportLedger["Type"] => {
  const { client, limits, tableName } = table
  const failed = toTableError(tableName)
  const update = (input: Omit<ConstructorParameters<typeof UpdateItemCommand>[0], "TableName" | "Key">, campaignId: string) =>
    tableCall(limits, "UpdateItem", (signal) =>
      client.send(new UpdateItemCommand({ TableName: tableName, Key: reportKey(campaignId), ...input }), { abortSignal: signal })
    )

  /** A write on condition that `claimId` still holds the claim: when it no longer does, nothing to do. */
  const whileClaimed = (operation: string, write: Effect.Effect<unknown, DynamoCallFailed>) =>
    write.pipe(
      Effect.asVoid,
      Effect.catchIf(isConditionFailure, () => Effect.logInfo(`${operation}: the report is no longer this reporter's claim`)),
      Effect.mapError(failed)
    )

  return ReportLedger.of({
    lastReport: (campaignId) =>
      tableCall(limits, "GetItem", (signal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: reportKey(campaignId), ConsistentRead: true }), {
          abortSignal: signal
        })
      ).pipe(
        Effect.flatMap(({ Item }) =>
          locally("GetItem", () => Option.flatMap(Option.fromNullable(Item), (item) => Option.fromNullable(ledgerStateOf(fromDynamo(item)).posted)))
        ),
        Effect.mapError(failed)
      ),
    claimReport: (campaignId, request, claimId, until) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        update(claimUpdate(request, claimId, until, now), campaignId).pipe(
          Effect.flatMap(({ Attributes }) =>
            locally("UpdateItem", (): ClaimDecision => {
              const old = Attributes === undefined ? {} : fromDynamo(Attributes)
              return { _tag: "Claimed", previous: ledgerStateOf(old).posted }
            })
          ),
          // Refused: the stored item says why (another's live claim, or a report that stands).
          Effect.catchIf(isConditionFailure, (failure) =>
            locally("UpdateItem", (): ClaimDecision => {
              const stored = failure.error instanceof ConditionalCheckFailedException ? failure.error.Item : undefined
              const decision = decideClaim(ledgerStateOf(stored === undefined ? {} : fromDynamo(stored)), request, claimId, now)
              // The condition and the rule are one: should they ever disagree, ask again shortly rather than post.
              return decision._tag === "Claimed" ? { _tag: "Busy", until: now + 1000 } : decision
            })
          ),
          Effect.mapError(failed)
        )
      ),
    confirmReport: (campaignId, claimId, report) => whileClaimed("confirmReport", update(confirmUpdate(claimId, report), campaignId)),
    releaseReport: (campaignId, claimId, previous): Effect.Effect<void, DemandTableError> =>
      whileClaimed(
        "releaseReport",
        previous === undefined
          ? tableCall(limits, "DeleteItem", (signal) =>
              client.send(
                new DeleteItemCommand({
                  TableName: tableName,
                  Key: reportKey(campaignId),
                  ConditionExpression: "claimId = :id",
                  ExpressionAttributeValues: { ":id": { S: claimId } }
                }),
                { abortSignal: signal }
              )
            )
          : update(releaseUpdate(claimId), campaignId)
      )
  })
}

/** ReportLedger on the demand table DEMAND_TABLE names, on the shared table context. */
export const DynamoReportLedgerLive: Layer.Layer<ReportLedger, MissingSetting> = onDynamoTable(ReportLedger, (table) =>
  dynamoReportLedger(table)
)
