import { Clock, Effect, Stream } from "effect"
import { changeDays } from "../../services/changeDays.js"
import type { DemandTableError } from "../../services/errors.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { demandTable } from "./demandTableDefinition.js"
import { queryPages } from "./dynamoQueryPages.js"
import type { DynamoTableContext } from "./DynamoTable.js"

const campaignPrefix = demandKeys.campaign("")

/**
 * changedCampaigns on DynamoDB: the `byChangeDay` index queried for each UTC day from the one
 * holding `since` to today, page by page (keys only: a campaign's `campaign:<id>`).
 */
export const changedCampaigns =
  (table: DynamoTableContext) =>
  (since: number): Effect.Effect<ReadonlyArray<string>, DemandTableError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Stream.fromIterable(changeDays(since, now)).pipe(
        Stream.flatMap((day) =>
          queryPages(table, {
            IndexName: demandTable.byChangeDay,
            KeyConditionExpression: "#day = :day",
            ExpressionAttributeNames: { "#day": demandTable.changedDay },
            ExpressionAttributeValues: { ":day": { S: day } }
          })
        ),
        Stream.map((item) => String(item["PK"])),
        Stream.filter((pk) => pk.startsWith(campaignPrefix)),
        Stream.runCollect,
        Effect.map((keys) => [...new Set([...keys].map((pk) => pk.slice(campaignPrefix.length)))])
      )
    )
