import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import { demandKeys, type FanScoreItem } from "../../services/schemas/FanScoreItem.js"
import type { FanlistEntry } from "./decodeFanlistRows.js"

const partitionKeys = { globalUserId: demandKeys.fan, memberId: demandKeys.member, email: demandKeys.email } as const

/** The demand-table item of a fanlist fan (SPEC §3.2, §4): `fan:`, `sid:` or `email:` by its identifier. */
export const fanlistItemOf = (campaignId: string, entry: FanlistEntry): FanScoreItem => {
  const { globalUserId, memberId, email, score, isVerified } = entry.row
  return {
    PK: partitionKeys[entry.kind](entry.id),
    SK: demandKeys.campaign(campaignId),
    campaignId,
    ...(globalUserId === undefined ? {} : { globalUserId }),
    ...(memberId === undefined ? {} : { memberId }),
    ...(email === undefined ? {} : { email }),
    score,
    isVerified: isVerified ?? true,
    source: "fanlist"
  }
}

/** The campaign data stream's record of an item: partition key globalUserId, else memberId, else email; `__meta` without the run (the table's bookkeeping). */
export const campaignDataRecord = (item: FanScoreItem, meta: RecordMeta) => {
  const { PK: _pk, SK: _sk, ...attributes } = item
  const { run: _run, ...recordMeta } = meta
  const partitionKey = item.globalUserId ?? item.memberId ?? item.email ?? item.PK
  return { partitionKey, json: JSON.stringify({ ...attributes, __meta: recordMeta }) }
}
