import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb"
import { Chunk, Effect, Option, Stream } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { type DemandItem, fanPartitionPrefixes } from "../../services/schemas/FanScoreItem.js"
import { demandTable } from "./demandTableDefinition.js"
import { locally, tableCall, toTableError } from "./dynamoCalls.js"
import { fromDynamo } from "./dynamoExpressions.js"
import type { DynamoTableContext } from "./DynamoTable.js"

type StartKey = Record<string, AttributeValue> | undefined

/**
 * The fan items of a campaign, page by page from the sparse `byCampaign` index
 * (campaignId = the campaign, PK beginning with `fan:`, `sid:` then `email:`): keys,
 * campaignId, isVerified and verdict, one page in memory at a time. The index is
 * eventually consistent: a write of the last moments may be missing.
 */
export const campaignFans =
  ({ client, limits, tableName }: DynamoTableContext, pageSize?: number) =>
  (campaignId: string): Stream.Stream<DemandItem, DemandTableError> => {
    const page = (prefix: string, start: StartKey) =>
      tableCall(limits, "Query", (signal) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: demandTable.byCampaign,
            KeyConditionExpression: "campaignId = :campaign AND begins_with(PK, :prefix)",
            ExpressionAttributeValues: { ":campaign": { S: campaignId }, ":prefix": { S: prefix } },
            ExclusiveStartKey: start,
            Limit: pageSize
          }),
          { abortSignal: signal }
        )
      ).pipe(
        Effect.flatMap((answer) =>
          locally("Query", () => [
            Chunk.fromIterable((answer.Items ?? []).map(fromDynamo)),
            Option.fromNullable(answer.LastEvaluatedKey)
          ] as const)
        ),
        Effect.mapError(toTableError(tableName))
      )
    return Stream.flatMap(Stream.fromIterable(fanPartitionPrefixes), (prefix) =>
      Stream.paginateChunkEffect<StartKey, DemandItem, DemandTableError, never>(undefined, (start) => page(prefix, start))
    )
  }
