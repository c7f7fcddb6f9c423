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
  // The report it replaces is kept beside the claim (prev*), so that a retry of this very claim
  // after a lost answer can tell the claim is its own, and what it replaced.
  UpdateExpression:
    "SET prevV = if_not_exists(#v, :absent), prevR = if_not_exists(#r, :absent), prevS = if_not_exists(#s, :absent), " +
    "prevAt = if_not_exists(postedAt, :notPosted), #v = :v, #r = :r, #s = :s, claimId = :id, claimedAt = :now REMOVE postedAt",
  ConditionExpression:
    "attribute_not_exists(PK) OR #v <> :v OR #r <> :r OR #s <> :s OR " +
    "(attribute_not_exists(postedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :staleBefore))",
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: {
    ...countValues(counts),
    ":id": { S: claimId },
    ":now": { N: String(now) },
    ":staleBefore": { N: String(staleBefore) },
    ":absent": { N: "-1" },
    ":notPosted": { S: "" }
  },
  ReturnValues: "ALL_OLD" as const,
  ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const
})

/** Bookkeeping of a claim, gone once it is confirmed or released. */
const claimFields = "claimId, claimedAt, prevV, prevR, prevS, prevAt"

/** The report a claim replaced, as the claim kept it; undefined for the first report. */
export const replacedReport = (item: Readonly<Record<string, unknown>>): ReportedCounts | undefined => {
  const [verified, rejected, selected, postedAt] = [item["prevV"], item["prevR"], item["prevS"], item["prevAt"]]
  if (typeof verified !== "number" || verified < 0) return undefined
  const counts = { verified, rejected: Number(rejected), selected: Number(selected) }
  return typeof postedAt === "string" && postedAt !== "" ? { ...counts, postedAt } : counts
}

/** The claim of `claimId` becomes the report posted at `postedAt`. */
export const confirmUpdate = (claimId: string, postedAt: string) => ({
  UpdateExpression: `SET postedAt = :at REMOVE ${claimFields}`,
  ConditionExpression: "claimId = :id",
  ExpressionAttributeValues: { ":at": { S: postedAt }, ":id": { S: claimId } }
})

/** The claim of `claimId` gives way to the report it replaced. */
export const restoreUpdate = (claimId: string, previous: ReportedCounts) => ({
  UpdateExpression:
    previous.postedAt === undefined
      ? `SET #v = :v, #r = :r, #s = :s REMOVE ${claimFields}`
      : `SET #v = :v, #r = :r, #s = :s, postedAt = :at REMOVE ${claimFields}`,
  ConditionExpression: "claimId = :id",
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: {
    ...countValues(previous),
    ":id": { S: claimId },
    ...(previous.postedAt === undefined ? {} : { ":at": { S: previous.postedAt } })
  }
})
