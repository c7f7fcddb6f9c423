import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { Schema } from "effect"
import type { Counts, ReportedCounts } from "../../services/schemas/Counts.js"
import { fromDynamo } from "./dynamoExpressions.js"

const count = Schema.optionalWith(Schema.Number, { default: () => 0 })

/** The counts an item holds: an absent count is 0 (as ADD would start it); one that is not a number is an error. */
const StoredCounts = Schema.Struct({ verified: count, rejected: count, selected: count })
const decodeStoredCounts = Schema.decodeUnknownSync(StoredCounts)

/** `meta:counts` (or the counts of `meta:slack:counts`); throws on a malformed item. */
export const countsOf = (item: Record<string, AttributeValue>): Counts => {
  const { verified, rejected, selected } = decodeStoredCounts(fromDynamo(item))
  return { verified, rejected, selected }
}

/** The report `meta:slack:counts` holds: its three counts, and when they were posted (if they were). */
export const reportOf = (item: Record<string, AttributeValue>): ReportedCounts => {
  const counts = countsOf(item)
  const postedAt = fromDynamo(item)["postedAt"]
  return typeof postedAt === "string" ? { ...counts, postedAt } : counts
}
