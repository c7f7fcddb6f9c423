import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { marshall } from "@aws-sdk/util-dynamodb"
import type { PostedReport, ReportRequest } from "../../services/reportOrder.js"
import { claimAttributeNames, claimFields, ledgerAttributes, postedFields } from "../../services/schemas/ReportLedgerItem.js"

type AttributeMap = Record<string, AttributeValue>

/** Every attribute by a name placeholder (`#a0` …), values by `:a0` …: no reserved word can clash. */
const assignments = (fields: Record<string, unknown>) => {
  const entries = Object.entries(fields)
  return {
    set: entries.map((_, i) => `#a${i} = :a${i}`).join(", "),
    names: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
    values: marshall(Object.fromEntries(entries.map(([, value], i) => [`:a${i}`, value])))
  }
}

const removeClaim = () => {
  const names = claimAttributeNames
  return {
    remove: names.map((_, i) => `#c${i}`).join(", "),
    names: Object.fromEntries(names.map((name, i) => [`#c${i}`, name]))
  }
}

const posted = {
  "#v": "verified",
  "#r": "rejected",
  "#s": "selected",
  "#ver": ledgerAttributes.version,
  "#id": ledgerAttributes.claimId,
  "#until": ledgerAttributes.claimUntil
}

/**
 * The claim of `request` by `claimId` until `until`, on condition of decideClaim's rule at
 * `now` (reportOrder.ts): no item; or this very claim (a retry after a lost answer); or no
 * live claim of another, and the request may follow the posted report (none; newer counts
 * that differ; or, for a final request, an interim report of its version or older). An
 * older ledger's report (no version, no finality) reads as final, version −1.
 */
export const claimUpdate = (request: ReportRequest, claimId: string, until: number, now: number) => {
  const fields = assignments(claimFields(request, claimId, until))
  const older = "(attribute_not_exists(#ver) OR #ver < :ver)"
  const differ = "(#v <> :v OR #r <> :r OR #s <> :s)"
  const closes = request.final ? ` OR ((attribute_not_exists(#ver) OR #ver <= :ver) AND #fin = :interim)` : ""
  const follows = `attribute_not_exists(#v) OR (${older} AND ${differ})${closes}`
  return {
    UpdateExpression: `SET ${fields.set}`,
    ConditionExpression:
      `attribute_not_exists(PK) OR #id = :id OR ` + `((attribute_not_exists(#until) OR #until <= :now) AND (${follows}))`,
    ExpressionAttributeNames: { ...fields.names, ...posted, ...(request.final ? { "#fin": ledgerAttributes.final } : {}) },
    ExpressionAttributeValues: {
      ...fields.values,
      ...marshall({
        ":v": request.counts.verified,
        ":r": request.counts.rejected,
        ":s": request.counts.selected,
        ":ver": request.counts.version,
        ":id": claimId,
        ":now": now,
        ...(request.final ? { ":interim": false } : {})
      })
    } as AttributeMap,
    ReturnValues: "ALL_OLD" as const,
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const
  }
}

/** The claim of `claimId` becomes the posted `report`. */
export const confirmUpdate = (claimId: string, report: PostedReport) => {
  const fields = assignments(postedFields(report))
  const claim = removeClaim()
  return {
    UpdateExpression: `SET ${fields.set} REMOVE ${claim.remove}`,
    ConditionExpression: "#id = :id",
    ExpressionAttributeNames: { ...fields.names, ...claim.names, "#id": ledgerAttributes.claimId },
    ExpressionAttributeValues: { ...fields.values, ...marshall({ ":id": claimId }) } as AttributeMap
  }
}

/** The claim of `claimId` is let go; the posted report stays. */
export const releaseUpdate = (claimId: string) => {
  const claim = removeClaim()
  return {
    UpdateExpression: `REMOVE ${claim.remove}`,
    ConditionExpression: "#id = :id",
    ExpressionAttributeNames: { ...claim.names, "#id": ledgerAttributes.claimId },
    ExpressionAttributeValues: marshall({ ":id": claimId }) as AttributeMap
  }
}
