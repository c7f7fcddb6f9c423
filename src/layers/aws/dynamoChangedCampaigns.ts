import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb"
import { Chunk, Clock, Effect, Option, Stream } from "effect"
import { changeDays } from "../../services/changeDays.js"
import type { DemandTableError } from "../../services/errors.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { demandTable } from "./demandTableDefinition.js"
import { locally, tableCall, toTableError } from "./dynamoCalls.js"
import type { DynamoTableContext } from "./DynamoTable.js"

type StartKey = Record<string, AttributeValue> | undefined

const campaignPrefix = demandKeys.campaign("")

/**
 * changedCampaigns on DynamoDB: the `byChangeDay` index queried for each UTC day from the one
 * holding `since` to today, page by page (keys only: a campaign's `campaign:<id>`).
 */
export const changedCampaigns =
  ({ client, limits, tableName }: DynamoTableContext) =>
  (since: number): Effect.Effect<ReadonlyArray<string>, DemandTableError> => {
    const page = (day: string, start: StartKey) =>
      tableCall(limits, "Query", (signal) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: demandTable.byChangeDay,
            KeyConditionExpression: "#day = :day",
            ExpressionAttributeNames: { "#day": demandTable.changedDay },
            ExpressionAttributeValues: { ":day": { S: day } },
            ExclusiveStartKey: start
          }),
          { abortSignal: signal }
        )
      ).pipe(
        Effect.flatMap((answer) =>
          locally("Query", () => [
            Chunk.fromIterable((answer.Items ?? []).flatMap((item) => (item["PK"]?.S?.startsWith(campaignPrefix) ? [item["PK"].S.slice(campaignPrefix.length)] : []))),
            Option.fromNullable(answer.LastEvaluatedKey)
          ] as const)
        ),
        Effect.mapError(toTableError(tableName))
      )
    return Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Stream.fromIterable(changeDays(since, now)).pipe(
        Stream.flatMap((day) => Stream.paginateChunkEffect<StartKey, string, DemandTableError, never>(undefined, (start) => page(day, start))),
        Stream.runCollect,
        Effect.map((campaigns) => [...new Set(campaigns)])
      )
    )
  }
