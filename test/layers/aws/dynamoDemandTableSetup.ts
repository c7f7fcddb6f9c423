import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { dynamoDemandTable, type DynamoTableOptions } from "../../../src/layers/aws/DynamoDemandTable.js"
import { makeDynamoTable } from "../../../src/layers/aws/DynamoTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"

/** A fan-score item of campaign c1 with every attribute (the contracts' fixture). */
export { fanItem } from "../contracts/fanScoreItems.js"

/** A fresh key for each test, so tests of one file share the table but not their items. */
export const freshUser = (label: string) => uniqueName(label)

/**
 * A table of its own for the test file (DynamoDB Local), the fixture to inspect it, and
 * the adapter under test over it, with the real SDK.
 */
export const dynamoDemandTableLayer = (prefix: string, options: DynamoTableOptions = {}) => {
  const endpoint = inject("awsEndpoints").dynamodb
  const tableName = uniqueName(prefix)
  const table = Layer.scoped(DemandTable, Effect.map(makeDynamoTable(tableName, options), (table) => dynamoDemandTable(table, options))).pipe(
    Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoint }))
  )
  return Layer.merge(demandTableFixture(endpoint, tableName), table)
}

/** The stream records of one item's key, oldest first. */
export const changesOf = (pk: string) =>
  Effect.flatMap(DemandTableFixture, (fixture) =>
    Effect.map(fixture.changes, (changes) => changes.filter((change) => change.keys["PK"] === pk))
  )

/** The stored item, which must be there. */
export const storedItem = (item: { PK: string; SK: string }) =>
  Effect.flatMap(DemandTable, (table) => table.getItem({ PK: item.PK, SK: item.SK })).pipe(
    Effect.flatMap((found) => found),
    Effect.orDie
  )
