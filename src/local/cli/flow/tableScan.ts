import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb"
import { Effect, Either } from "effect"
import { plainImage } from "../../../lambda/events/streamImage.js"
import { type StackError, stackCall } from "../../standIns/aws/stackCall.js"
import { compareItemKeys, type DemandItem } from "../../../services/schemas/FanScoreItem.js"

/** Every item of the table as plain JSON, sorted by PK then SK (a full Scan, page by page); no item ends the scan. */
export const scanTable = (client: DynamoDBClient, tableName: string): Effect.Effect<Array<DemandItem>, StackError> =>
  Effect.gen(function* () {
    const items: Array<DemandItem> = []
    let start: Record<string, AttributeValue> | undefined
    do {
      const from = start
      const page = yield* stackCall(`table ${tableName}`, "Scan", (signal) =>
        client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(from === undefined ? {} : { ExclusiveStartKey: from }) }), {
          abortSignal: signal
        })
      )
      // Read as the counter reads images (long numbers as the nearest double); one it cannot read is shown as stored.
      for (const item of page.Items ?? []) items.push(Either.getOrElse(plainImage("item", item), () => item) as DemandItem)
      start = page.LastEvaluatedKey
    } while (start !== undefined)
    return items.sort(compareItemKeys)
  })
