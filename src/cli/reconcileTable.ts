import { Effect, Layer } from "effect"
import { dynamoCampaignCounts } from "../layers/aws/DynamoCampaignCounts.js"
import { makeDynamoTable } from "../layers/aws/DynamoTable.js"
import { CampaignCounts } from "../services/CampaignCounts.js"
import type { RetryPolicy } from "../services/RetryPolicy.js"
import { DemandTableName, setting } from "../services/Settings.js"

/**
 * Retries of a call when a person waits on the command: two, 100 ms then 200 ms or so
 * (jittered). The workers' policy (8 retries up to 3 s apart, ~9 s a call) rides out
 * throttling in a long Lambda run; here a table that cannot be reached (no credentials, an
 * endpoint that is down) is said within a second or two, and the person runs it again.
 */
export const commandTableRetry: RetryPolicy = { retries: 2, baseDelay: "100 millis", maxDelay: "400 millis" }

/** CampaignCounts on the demand table DEMAND_TABLE names, its calls retried as a command's are (commandTableRetry). */
export const CommandCampaignCounts = Layer.scoped(
  CampaignCounts,
  Effect.gen(function* () {
    const tableName = yield* setting("DEMAND_TABLE", DemandTableName)
    return dynamoCampaignCounts(yield* makeDynamoTable(tableName, { retry: commandTableRetry }))
  })
)
