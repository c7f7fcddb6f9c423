import { Effect } from "effect"
import { dynamoCampaignCounts } from "../../layers/aws/DynamoCampaignCounts.js"
import { makeDynamoTable } from "../../layers/aws/DynamoTable.js"
import type { RetryPolicy } from "../../services/RetryPolicy.js"
import { DemandTableName, setting } from "../../services/Settings.js"
import { settingNames } from "../../services/settingNames.js"

/**
 * Retries of the first call when a person waits on the command: two, 100 ms then 200 ms or
 * so (jittered). The workers' policy (8 retries up to 3 s apart, ~9 s a call) rides out
 * throttling in a long run; a table that cannot be reached at all (no credentials, an
 * endpoint that is down) is said within a second or so instead.
 */
export const reachTableRetry: RetryPolicy = { retries: 2, baseDelay: "100 millis", maxDelay: "400 millis" }

/**
 * Reads the campaign's counts once, on a client of its own retried as reachTableRetry says:
 * fails at once when DynamoDB cannot be reached, before the recount's calls (retried as the
 * workers' are, so that throttling on a large campaign does not end it) begin.
 */
export const reachTable = (campaignId: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const tableName = yield* setting(settingNames.demandTable, DemandTableName)
      const table = yield* makeDynamoTable(tableName, { retry: reachTableRetry })
      yield* dynamoCampaignCounts(table).getCounts(campaignId)
    })
  )
