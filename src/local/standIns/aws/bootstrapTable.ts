import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTimeToLiveCommand
} from "@aws-sdk/client-dynamodb"
import { Effect, Option } from "effect"
import { demandTable, demandTableDefinition, demandTableTimeToLive } from "../../../layers/aws/demandTableDefinition.js"
import { stackCall, StackError, pollUntil, unlessThere } from "./stackCall.js"

/** ACTIVE with every index ACTIVE. */
const isReady = (table: TableDescription | undefined): table is TableDescription =>
  table?.TableStatus === "ACTIVE" && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE")

/**
 * The demand table (SPEC §4) as `demandTableDefinition` shapes it, created unless it exists,
 * awaited until ACTIVE with its indexes, its TTL enabled unless it is; gives the ARN of its
 * stream. A table of that name without the stream or the byCampaign index is an error.
 */
export const ensureDemandTable = (client: DynamoDBClient, tableName: string): Effect.Effect<string, StackError> =>
  Effect.gen(function* () {
    const resource = `table ${tableName}`
    const call = <A>(operation: string, send: (signal: AbortSignal) => Promise<A>) => stackCall(resource, operation, send)
    yield* unlessThere("ResourceInUseException")(
      call("CreateTable", (signal) => client.send(new CreateTableCommand(demandTableDefinition(tableName)), { abortSignal: signal }))
    )
    const describe = call("DescribeTable", (signal) =>
      client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal })
    )
    const table = yield* pollUntil(resource, "ACTIVE", Effect.map(describe, (output) => Option.liftPredicate(output.Table, isReady)))
    const fail = (reason: string) => Effect.fail(new StackError({ resource, reason }))
    if (table.LatestStreamArn === undefined) return yield* fail("exists without a stream (NEW_AND_OLD_IMAGES is needed)")
    if (!(table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexName === demandTable.byCampaign)) {
      return yield* fail(`exists without the ${demandTable.byCampaign} index`)
    }
    const ttl = yield* call("DescribeTimeToLive", (signal) =>
      client.send(new DescribeTimeToLiveCommand({ TableName: tableName }), { abortSignal: signal })
    )
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus
    if (status !== "ENABLED" && status !== "ENABLING") {
      yield* call("UpdateTimeToLive", (signal) =>
        client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: demandTableTimeToLive }), {
          abortSignal: signal
        })
      )
    }
    return table.LatestStreamArn
  })
