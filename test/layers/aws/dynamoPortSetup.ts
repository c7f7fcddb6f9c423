import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { type Context, Effect, Layer } from "effect"
import { DynamoTable, type DynamoTableContext, makeDynamoTable, type TableCallOptions } from "../../../src/layers/aws/DynamoTable.js"
import type { DemandItem, ItemKey } from "../../../src/services/schemas/FanScoreItem.js"
import { call } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"

/**
 * One port's DynamoDB adapter on a demand table of the test file's own at `endpoint`
 * (DynamoDB Local or moto), beside the fixture that inspects the table. The endpoint is
 * asked for when the layer is built, so a back-end that is missing fails each test.
 */
export const portOnOwnTable = <I, S>(
  tag: Context.Tag<I, S>,
  make: (table: DynamoTableContext) => S,
  endpoint: () => string,
  prefix: string,
  options: TableCallOptions = {}
) =>
  Layer.suspend(() => {
    const at = endpoint()
    const tableName = uniqueName(prefix)
    const adapter = Layer.effect(tag, Effect.map(DynamoTable, make)).pipe(
      Layer.provide(Layer.scoped(DynamoTable, makeDynamoTable(tableName, options))),
      Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: at }))
    )
    return Layer.merge(demandTableFixture(at, tableName), adapter)
  })

/** Writes an item whole with a plain client, as another system would. */
export const putWhole = (item: DemandItem) =>
  Effect.flatMap(DemandTableFixture, ({ client, tableName }) =>
    call((signal) => client.send(new PutItemCommand({ TableName: tableName, Item: marshall(item, { removeUndefinedValues: true }) }), { abortSignal: signal }))
  )

/** The stream records of one partition, oldest first: what the table's stream says of its changes. */
export const streamChangesOf = (pk: string) =>
  Effect.flatMap(DemandTableFixture, (fixture) => Effect.map(fixture.changes, (changes) => changes.filter((change) => change.keys["PK"] === pk)))

/** The item as stored (a consistent read with a plain client), undefined when absent. */
export const storedWhole = (key: ItemKey) =>
  Effect.flatMap(DemandTableFixture, ({ client, tableName }) =>
    call((signal) => client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }), { abortSignal: signal }))
  ).pipe(Effect.map(({ Item }) => (Item === undefined ? undefined : unmarshall(Item))))
