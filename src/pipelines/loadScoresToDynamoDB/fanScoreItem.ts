import type { FanRecord } from "../../services/schemas/FanRecord.js"
import { demandKeys, type FanScoreItem } from "../../services/schemas/FanScoreItem.js"

const scoreFields = [
  "memberId",
  "email",
  "localFanscore",
  "accountFanscore",
  "bandScore",
  "rank",
  "events",
  "tags",
  "origin"
] as const

/** The demand-table item of a scrubbed fan record: `fan:<globalUserId>` / `campaign:<campaignId>`. */
export const fanScoreItemOf = (record: FanRecord): FanScoreItem => {
  const item: Record<string, unknown> = {
    PK: demandKeys.fan(record.globalUserId),
    SK: demandKeys.campaign(record.campaignId),
    campaignId: record.campaignId,
    globalUserId: record.globalUserId,
    score: record.score,
    isVerified: record.isVerified,
    source: "scrubbed"
  }
  for (const field of scoreFields) if (record[field] !== undefined) item[field] = record[field]
  return item as FanScoreItem
}
