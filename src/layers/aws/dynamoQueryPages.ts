import { type AttributeValue, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb"
import { Chunk, Effect, Option, Stream } from "effect"
import type { DemandTableError } from "../../services/errors.js"
import { locally, tableCall, toTableError } from "./dynamoCalls.js"
import { fromDynamo } from "./dynamoExpressions.js"
import type { DynamoTableContext } from "./DynamoTable.js"

type StartKey = Record<string, AttributeValue> | undefined

/** A Query of the table (an index of it, often), page by page: its items as plain values, one page in memory at a time. */
export const queryPages = (
  { client, limits, tableName }: DynamoTableContext,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">
): Stream.Stream<Record<string, unknown>, DemandTableError> => {
  const page = (start: StartKey) =>
    tableCall(limits, "Query", (signal) => client.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }), { abortSignal: signal })).pipe(
      Effect.flatMap((answer) =>
        locally("Query", () => [Chunk.fromIterable((answer.Items ?? []).map(fromDynamo)), Option.fromNullable(answer.LastEvaluatedKey)] as const)
      ),
      Effect.mapError(toTableError(tableName))
    )
  return Stream.paginateChunkEffect<StartKey, Record<string, unknown>, DemandTableError, never>(undefined, page)
}
