import { Stream } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { type DemandItem, fanPartitionPrefixes } from "../../services/schemas/FanScoreItem.js"
import { demandTable } from "./demandTableDefinition.js"
import { queryPages } from "./dynamoQueryPages.js"
import type { DynamoTableContext } from "./DynamoTable.js"

/**
 * The fan items of a campaign, page by page from the sparse `byCampaign` index
 * (campaignId = the campaign, PK beginning with `fan:`, `sid:` then `email:`): keys,
 * campaignId, isVerified and verdict, and the fan's identifiers, one page in memory at a
 * time. The index is eventually consistent: a write of the last moments may be missing.
 */
export const campaignFans =
  (table: DynamoTableContext, pageSize?: number) =>
  (campaignId: string): Stream.Stream<DemandItem, DemandTableError> =>
    Stream.flatMap(Stream.fromIterable(fanPartitionPrefixes), (prefix) =>
      queryPages(table, {
        IndexName: demandTable.byCampaign,
        KeyConditionExpression: "campaignId = :campaign AND begins_with(PK, :prefix)",
        ExpressionAttributeValues: { ":campaign": { S: campaignId }, ":prefix": { S: prefix } },
        Limit: pageSize
      }) as Stream.Stream<DemandItem, DemandTableError>
    )
