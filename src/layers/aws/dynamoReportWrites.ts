import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import type { Counts, ReportedCounts } from "../../services/schemas/Counts.js"

type AttributeMap = Record<string, AttributeValue>

const names = { "#v": "verified", "#r": "rejected", "#s": "selected" }

const countValues = (counts: Counts): AttributeMap => ({
  ":v": { N: String(counts.verified) },
  ":r": { N: String(counts.rejected) },
  ":s": { N: String(counts.selected) }
})

/**
 * Stores `counts` as claimed by `claimId` (and no longer posted), if they may be posted:
 * there is no report yet, or its counts differ, or they were never posted and no
 * reporter holds a fresh claim on them (none at all, or one older than `staleBefore`).
 */
export const claimUpdate = (counts: Counts, claimId: string, now: number, staleBefore: number) => ({
  UpdateExpression: "SET #v = :v, #r = :r, #s = :s, claimId = :id, claimedAt = :now REMOVE postedAt",
  ConditionExpression:
    "attribute_not_exists(PK) OR #v <> :v OR #r <> :r OR #s <> :s OR " +
    "(attribute_not_exists(postedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :staleBefore))",
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: {
    ...countValues(counts),
    ":id": { S: claimId },
    ":now": { N: String(now) },
    ":staleBefore": { N: String(staleBefore) }
  },
  ReturnValues: "ALL_OLD" as const
})

/** The claim of `claimId` becomes the report posted at `postedAt`. */
export const confirmUpdate = (claimId: string, postedAt: string) => ({
  UpdateExpression: "SET postedAt = :at REMOVE claimId, claimedAt",
  ConditionExpression: "claimId = :id",
  ExpressionAttributeValues: { ":at": { S: postedAt }, ":id": { S: claimId } }
})

/** The claim of `claimId` gives way to the report it replaced. */
export const restoreUpdate = (claimId: string, previous: ReportedCounts) => ({
  UpdateExpression:
    previous.postedAt === undefined
      ? "SET #v = :v, #r = :r, #s = :s REMOVE claimId, claimedAt"
      : "SET #v = :v, #r = :r, #s = :s, postedAt = :at REMOVE claimId, claimedAt",
  ConditionExpression: "claimId = :id",
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: {
    ...countValues(previous),
    ":id": { S: claimId },
    ...(previous.postedAt === undefined ? {} : { ":at": { S: previous.postedAt } })
  }
})
