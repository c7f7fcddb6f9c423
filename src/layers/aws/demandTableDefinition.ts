import type { CreateTableCommandInput, TimeToLiveSpecification } from "@aws-sdk/client-dynamodb"

/**
 * The demand table's shape (SPEC §4), in one place for the tests' tables, the
 * `bootstrap` command and the CDK app: PK and SK strings, a stream with both images,
 * the `byCampaign` index that lists a campaign's fans, and the TTL attribute that ends
 * the counts' applied-event markers.
 */
export const demandTable = {
  partitionKey: "PK",
  sortKey: "SK",
  /**
   * Global secondary index: campaignId hash, PK range, projecting what a recount reads.
   * Sparse: only fan items carry campaignId (meta items do not), so counts updates and
   * markers never write to it. Eventually consistent.
   */
  byCampaign: "byCampaign",
  campaignId: "campaignId",
  /** The attributes the index projects besides the keys: those SPEC §5 counts. */
  countedAttributes: ["isVerified", "verdict"],
  /** And a fan's identifiers: what the drift check finds duplicate fan items by (SPEC §13). */
  identityAttributes: ["globalUserId", "memberId", "email"],
  /**
   * Global secondary index: changedDay hash (`YYYY-MM-DD`, UTC), PK range, keys only. Only
   * `meta:counts` (each counting transaction and repair sets it) and the runs' progress items
   * (each writer's record and count) carry changedDay, so the index lists the campaigns
   * changed on a day: what the drift check recounts. Keys only and the day changing once a
   * day: about one index write per campaign and run a day.
   */
  byChangeDay: "byChangeDay",
  changedDay: "changedDay",
  /** Epoch seconds after which DynamoDB deletes the item (markers `meta:applied:<eventID>`). */
  ttlAttribute: "expiresAt"
} as const

/** CreateTable's input for the demand table, on demand capacity. */
export const demandTableDefinition = (tableName: string) =>
  ({
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: demandTable.partitionKey, AttributeType: "S" },
      { AttributeName: demandTable.sortKey, AttributeType: "S" },
      { AttributeName: demandTable.campaignId, AttributeType: "S" },
      { AttributeName: demandTable.changedDay, AttributeType: "S" }
    ],
    KeySchema: [
      { AttributeName: demandTable.partitionKey, KeyType: "HASH" },
      { AttributeName: demandTable.sortKey, KeyType: "RANGE" }
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: demandTable.byCampaign,
        KeySchema: [
          { AttributeName: demandTable.campaignId, KeyType: "HASH" },
          { AttributeName: demandTable.partitionKey, KeyType: "RANGE" }
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...demandTable.countedAttributes, ...demandTable.identityAttributes] }
      },
      {
        IndexName: demandTable.byChangeDay,
        KeySchema: [
          { AttributeName: demandTable.changedDay, KeyType: "HASH" },
          { AttributeName: demandTable.partitionKey, KeyType: "RANGE" }
        ],
        Projection: { ProjectionType: "KEYS_ONLY" }
      }
    ],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" }
  }) satisfies CreateTableCommandInput

/** UpdateTimeToLive's specification, once the table is ACTIVE. */
export const demandTableTimeToLive: TimeToLiveSpecification = { AttributeName: demandTable.ttlAttribute, Enabled: true }
