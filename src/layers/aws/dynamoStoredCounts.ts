import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { Schema } from "effect"
import type { VersionedCounts } from "../../services/reportOrder.js"
import { fromDynamo } from "./dynamoExpressions.js"

const count = Schema.optionalWith(Schema.Number, { default: () => 0 })

/** The counts an item holds: an absent count is 0 (as ADD would start it); one that is not a number is an error. */
const StoredCounts = Schema.Struct({ verified: count, rejected: count, selected: count, version: count })
const decodeStoredCounts = Schema.decodeUnknownSync(StoredCounts)

/** `meta:counts` and its version (0 on an item counted before versions); throws on a malformed item. */
export const countsOf = (item: Record<string, AttributeValue>): VersionedCounts => {
  const { verified, rejected, selected, version } = decodeStoredCounts(fromDynamo(item))
  return { verified, rejected, selected, version }
}
