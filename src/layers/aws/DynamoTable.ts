import type { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { Context, Effect, Layer, type Scope } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import { DemandTableName, setting } from "../../services/Settings.js"
import type { RetryPolicy } from "../../services/RetryPolicy.js"
import { type CallLimits, defaultTableRetry, dynamoClient } from "./dynamoCalls.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

/** How the calls to one table run. */
export interface TableCallOptions {
  /** Calls in flight at most, whatever the callers' concurrency (default 32). */
  readonly maxInFlight?: number
  /** Retries of throttled calls and service faults (default 8, 50 ms doubling to 3 s, jittered). */
  readonly retry?: RetryPolicy
}

/** What every adapter of the demand table works with: its name, one client, the bound and retries of its calls. */
export interface DynamoTableContext {
  readonly tableName: string
  readonly client: DynamoDBClient
  readonly limits: CallLimits
}

/**
 * The demand table's client, shared: the adapters of its ports (DemandTable,
 * CampaignCounts, ReportLedger) built in one Lambda use one client and one bound on
 * calls in flight.
 */
export class DynamoTable extends Context.Tag("vf/DynamoTable")<DynamoTable, DynamoTableContext>() {}

/** A client for the table for the lifetime of the scope. */
export const makeDynamoTable = (
  tableName: string,
  options: TableCallOptions = {}
): Effect.Effect<DynamoTableContext, MissingSetting, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* dynamoClient
    const semaphore = yield* Effect.makeSemaphore(options.maxInFlight ?? 32)
    return { tableName, client, limits: { semaphore, retry: options.retry ?? defaultTableRetry } }
  })

/** The demand table DEMAND_TABLE names (demand-table by default). */
export const DynamoTableLive: Layer.Layer<DynamoTable, MissingSetting> = Layer.scoped(
  DynamoTable,
  Effect.flatMap(setting(settingNames.demandTable, DemandTableName), (tableName) => makeDynamoTable(tableName))
)

/** A layer of one port's adapter over the shared table context. */
export const onDynamoTable = <I, S extends object>(
  tag: Context.Tag<I, S>,
  make: (table: DynamoTableContext) => S
): Layer.Layer<I, MissingSetting> => Layer.effect(tag, Effect.map(DynamoTable, (table) => withPortSpans(portName(tag), make(table)))).pipe(Layer.provide(DynamoTableLive))
