import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb"
import { Effect, type Layer } from "effect"
import { DemandTable } from "../../services/DemandTable.js"
import type { MissingSetting } from "../../services/errors.js"
import type { DemandItem } from "../../services/schemas/FanScoreItem.js"
import { locally, tableCall, toTableError } from "./dynamoCalls.js"
import { fromDynamo } from "./dynamoExpressions.js"
import { consistentRead, upsertFanScore } from "./dynamoUpsert.js"
import { FirstCallChooser, type UpsertFirstCall } from "./upsertFirstCall.js"
import { type DynamoTableContext, onDynamoTable, type TableCallOptions } from "./DynamoTable.js"

export interface DynamoTableOptions extends TableCallOptions {
  /** Tries of one upsert that meets concurrent writers of its item (default 5). */
  readonly maxUpsertAttempts?: number
  /** The first call of an upsert (default adaptive: see upsertFirstCall.ts). */
  readonly upsertFirstCall?: UpsertFirstCall
  /** Items per Query page (default: DynamoDB's 1 MB pages). */
  readonly queryPageSize?: number
}

type Page = Record<string, AttributeValue> | undefined

/** The demand table on DynamoDB, over a table context (client, bound, retries). */
export const dynamoDemandTable = (
  { client, limits, tableName }: DynamoTableContext,
  options: Pick<DynamoTableOptions, "maxUpsertAttempts" | "queryPageSize" | "upsertFirstCall"> = {}
): DemandTable["Type"] => {
  const failed = toTableError(tableName)

  const queryPage = (pk: string, start: Page) =>
    tableCall(limits, "Query", (signal) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "PK = :pk",
          ExpressionAttributeValues: { ":pk": { S: pk } },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          Limit: options.queryPageSize
        }),
        { abortSignal: signal }
      )
    )

  const queryAll = (pk: string, start: Page, items: Array<DemandItem>): ReturnType<DemandTable["Type"]["queryPartition"]> =>
    queryPage(pk, start).pipe(
      Effect.flatMap((page) => Effect.as(locally("Query", () => items.push(...(page.Items ?? []).map(fromDynamo))), page)),
      Effect.mapError(failed),
      Effect.flatMap((page) =>
        page.LastEvaluatedKey === undefined ? Effect.succeed(items) : queryAll(pk, page.LastEvaluatedKey, items)
      )
    )

  const firstCall = new FirstCallChooser(options.upsertFirstCall)
  const upsert = upsertFanScore({ client, tableName, limits, maxAttempts: options.maxUpsertAttempts ?? 5, firstCall })
  return DemandTable.of({
    tableName,
    upsertFanScore: (item) => Effect.map(upsert(item), (done) => done.outcome),
    upsertStamped: upsert,
    getItem: (key) => Effect.mapError(consistentRead({ client, tableName, limits }, key), failed),
    queryPartition: (pk) => Effect.suspend(() => queryAll(pk, undefined, []))
  })
}

/** The demand table (DEMAND_TABLE, demand-table by default) on DynamoDB, on the shared table context. */
export const DynamoDemandTableLive: Layer.Layer<DemandTable, MissingSetting> = onDynamoTable(DemandTable, (table) =>
  dynamoDemandTable(table)
)
