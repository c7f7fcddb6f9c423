import { GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { Clock, Effect, type Layer, Option } from "effect"
import { changeDay } from "../../services/changeDays.js"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import type { MissingSetting } from "../../services/errors.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import { campaignFans } from "./dynamoCampaignFans.js"
import { changedCampaigns } from "./dynamoChangedCampaigns.js"
import { demandTable } from "./demandTableDefinition.js"
import { commitCounting, shardPosition } from "./dynamoCommitCounting.js"
import { isConditionFailure, locally, tableCall, toTableError } from "./dynamoCalls.js"
import { countsOf } from "./dynamoStoredCounts.js"
import { type DynamoTableContext, onDynamoTable } from "./DynamoTable.js"

export interface CampaignCountsOptions {
  /** Items per page of `campaignFans` (default: DynamoDB's 1 MB pages). */
  readonly fanPageSize?: number
}

const countsKey = (campaignId: string) => ({ PK: { S: demandKeys.campaign(campaignId) }, SK: { S: demandKeys.counts } })

/** CampaignCounts on the demand table: `meta:counts`, the counter's shard positions, and the `byCampaign` index. */
export const dynamoCampaignCounts = (table: DynamoTableContext, options: CampaignCountsOptions = {}): CampaignCounts["Type"] => {
  const { client, limits, tableName } = table
  const failed = toTableError(tableName)
  return CampaignCounts.of({
    getCounts: (campaignId) =>
      tableCall(limits, "GetItem", (signal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: countsKey(campaignId), ConsistentRead: true }), {
          abortSignal: signal
        })
      ).pipe(
        Effect.flatMap(({ Item }) =>
          locally("GetItem", () => Option.map(Option.fromNullable(Item), countsOf))
        ),
        Effect.mapError(failed)
      ),
    // SET, not a put: any other attribute of the item stays. Only over the version read: a
    // counting transaction in between would otherwise be erased.
    setCounts: (campaignId, counts, version) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => tableCall(limits, "UpdateItem", (signal) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: countsKey(campaignId),
            UpdateExpression: `SET verified = :v, rejected = :r, selected = :s, #ver = :next, ${demandTable.changedDay} = :day`,
            ConditionExpression: version === 0 ? "attribute_not_exists(#ver) OR #ver = :read" : "#ver = :read",
            ExpressionAttributeNames: { "#ver": "version" },
            ExpressionAttributeValues: {
              ":v": { N: String(counts.verified) },
              ":r": { N: String(counts.rejected) },
              ":s": { N: String(counts.selected) },
              ":read": { N: String(version) },
              ":next": { N: String(version + 1) },
              ":day": { S: changeDay(now) }
            }
          }),
          { abortSignal: signal }
        )
      )).pipe(
        Effect.as(true),
        Effect.catchIf(isConditionFailure, () => Effect.succeed(false)),
        Effect.mapError(failed)
      ),
    shardPosition: shardPosition(table),
    commitCounting: commitCounting(table),
    campaignFans: campaignFans(table, options.fanPageSize),
    changedCampaigns: changedCampaigns(table)
  })
}

/** CampaignCounts on the demand table DEMAND_TABLE names, on the shared table context. */
export const DynamoCampaignCountsLive: Layer.Layer<CampaignCounts, MissingSetting> = onDynamoTable(CampaignCounts, (table) =>
  dynamoCampaignCounts(table)
)
