import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { Clock, Duration, Effect, type Layer, Option, type Scope } from "effect"
import type { DemandTableError, MissingSetting } from "../../services/errors.js"
import { ReportLedger } from "../../services/ReportLedger.js"
import type { ReportClaim } from "../../services/schemas/Counts.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { type DynamoCallFailed, isConditionFailure, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { claimUpdate, confirmUpdate, replacedReport, restoreUpdate } from "./dynamoReportWrites.js"
import { fromDynamo } from "./dynamoExpressions.js"
import { reportOf } from "./dynamoStoredCounts.js"
import { type DynamoTableContext, makeDynamoTable, onDynamoTable, type TableCallOptions } from "./DynamoTable.js"

export interface ReportLedgerOptions {
  /** How long a claim never confirmed holds off other reporters of the same counts (default 5 minutes). */
  readonly staleClaimAfter?: Duration.DurationInput
}

const reportKey = (campaignId: string) => ({ PK: { S: demandKeys.campaign(campaignId) }, SK: { S: demandKeys.slackCounts } })

/** ReportLedger on the demand table's `meta:slack:counts` items: conditional writes, no reads before them. */
export const dynamoReportLedger = (table: DynamoTableContext, options: ReportLedgerOptions = {}): ReportLedger["Type"] => {
  const { client, limits, tableName } = table
  const failed = toTableError(tableName)
  const staleAfter = Duration.toMillis(options.staleClaimAfter ?? Duration.minutes(5))

  /** A write on condition that `claimId` still holds the item: when another claim does, nothing to do. */
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
        Effect.flatMap(({ Item }) => locally("GetItem", () => Option.map(Option.fromNullable(Item), reportOf))),
        Effect.mapError(failed)
      ),
    claimReport: (campaignId, counts, claimId) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        tableCall(limits, "UpdateItem", (signal) =>
          client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: reportKey(campaignId),
              ...claimUpdate(counts, claimId, now, now - staleAfter)
            }),
            { abortSignal: signal }
          )
        )
      ).pipe(
        Effect.flatMap(({ Attributes }) =>
          locally("UpdateItem", (): ReportClaim => {
            const previous = Attributes === undefined || Object.keys(Attributes).length === 0 ? undefined : reportOf(Attributes)
            return { _tag: "Claimed", previous }
          })
        ),
        // A retry of this claim whose first answer was lost finds its own claim: it holds it.
        Effect.catchIf(isConditionFailure, (failure) =>
          locally("UpdateItem", (): ReportClaim => {
            const stored = failure.error instanceof ConditionalCheckFailedException ? failure.error.Item : undefined
            const item: Record<string, unknown> = stored === undefined ? {} : fromDynamo(stored)
            return item["claimId"] === claimId ? { _tag: "Claimed", previous: replacedReport(item) } : { _tag: "AlreadyReported" }
          })
        ),
        Effect.mapError(failed)
      ),
    confirmReport: (campaignId, claimId, postedAt) =>
      whileClaimed(
        "confirmReport",
        tableCall(limits, "UpdateItem", (signal) =>
          client.send(
            new UpdateItemCommand({ TableName: tableName, Key: reportKey(campaignId), ...confirmUpdate(claimId, postedAt) }),
            { abortSignal: signal }
          )
        )
      ),
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
          : tableCall(limits, "UpdateItem", (signal) =>
              client.send(
                new UpdateItemCommand({ TableName: tableName, Key: reportKey(campaignId), ...restoreUpdate(claimId, previous) }),
                { abortSignal: signal }
              )
            )
      )
  })
}

/** ReportLedger on DynamoDB, with its own client for the lifetime of the scope. */
export const makeDynamoReportLedger = (
  tableName: string,
  options: TableCallOptions & ReportLedgerOptions = {}
): Effect.Effect<ReportLedger["Type"], MissingSetting, Scope.Scope> =>
  Effect.map(makeDynamoTable(tableName, options), (table) => dynamoReportLedger(table, options))

/** ReportLedger on the demand table DEMAND_TABLE names, on the shared table context. */
export const DynamoReportLedgerLive: Layer.Layer<ReportLedger, MissingSetting> = onDynamoTable(ReportLedger, (table) =>
  dynamoReportLedger(table)
)
