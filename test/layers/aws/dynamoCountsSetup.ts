import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { type CampaignCountsOptions, dynamoCampaignCounts } from "../../../src/layers/aws/DynamoCampaignCounts.js"
import { dynamoReportLedger } from "../../../src/layers/aws/DynamoReportLedger.js"
import { DynamoTable, makeDynamoTable, type TableCallOptions } from "../../../src/layers/aws/DynamoTable.js"
import { dynamoRunProgress } from "../../../src/layers/aws/DynamoRunProgress.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import type { ItemKey } from "../../../src/services/schemas/FanScoreItem.js"
import { call } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"

export type CountsTestOptions = TableCallOptions & CampaignCountsOptions

/** The adapters of CampaignCounts, ReportLedger and RunProgress on one table context, over `endpoint`. */
export const countsAdapters = (tableName: string, endpoint: string, options: CountsTestOptions = {}) =>
  Layer.mergeAll(
    Layer.effect(CampaignCounts, Effect.map(DynamoTable, (table) => dynamoCampaignCounts(table, options))),
    Layer.effect(ReportLedger, Effect.map(DynamoTable, (table) => dynamoReportLedger(table))),
    Layer.effect(RunProgress, Effect.map(DynamoTable, dynamoRunProgress))
  ).pipe(
    Layer.provide(Layer.scoped(DynamoTable, makeDynamoTable(tableName, options))),
    Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoint }))
  )

/** A demand table of its own for the test file (DynamoDB Local), its fixture, and the adapters under test. */
export const dynamoCountsLayer = (prefix: string, options: CountsTestOptions = {}) => {
  const endpoint = inject("awsEndpoints").dynamodb
  const tableName = uniqueName(prefix)
  return Layer.merge(demandTableFixture(endpoint, tableName), countsAdapters(tableName, endpoint, options))
}

/** A fresh campaign id for each test, so tests of one file share the table but not their items. */
export const freshCampaign = (label: string) => uniqueName(label)

/** Writes an item with a plain client, as another system would. */
export const putRaw = (item: Record<string, unknown>) =>
  Effect.flatMap(DemandTableFixture, ({ client, tableName }) =>
    call((signal) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: marshall(item, { removeUndefinedValues: true }) }), {
        abortSignal: signal
      })
    )
  )

/** The item as stored (consistent read), undefined when absent. */
export const rawItem = (key: ItemKey) =>
  Effect.flatMap(DemandTableFixture, ({ client, tableName }) =>
    call((signal) =>
      client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }), { abortSignal: signal })
    )
  ).pipe(Effect.map(({ Item }) => (Item === undefined ? undefined : unmarshall(Item))))
