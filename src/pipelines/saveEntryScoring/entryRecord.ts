import type { Campaign } from "../../services/schemas/Campaign.js"
import type { EntryScoringRecord } from "../../services/schemas/EntryScoring.js"
import type { FanRecord } from "../../services/schemas/FanRecord.js"

const marketName = (name: string) => name.trim().toLowerCase()

/** Market name (trimmed, any case) → market id, for one campaign. */
export const marketIdsOf = (campaign: Campaign): ReadonlyMap<string, string> =>
  new Map(campaign.markets.map((market) => [marketName(market.name), market.id]))

/** The id of the market of the fan's rank-0 event, if the campaign has one of that name. */
export const rankZeroMarketId = (fan: FanRecord, marketIds: ReadonlyMap<string, string>): string | undefined => {
  const market = fan.events["0"]?.market
  return market === undefined ? undefined : marketIds.get(marketName(market))
}

/**
 * The Entry Service record of a fan (SPEC §7); verdict = isVerified, absent values omitted.
 * Fields are added by name (an object given more than a dozen by computed keys becomes a
 * slow dictionary in V8).
 */
export const entryRecordOf = (fan: FanRecord, marketId: string): EntryScoringRecord => {
  const record: { -readonly [K in keyof EntryScoringRecord]?: EntryScoringRecord[K] } = { globalUserId: fan.globalUserId }
  if (fan.memberId !== undefined) record.memberId = fan.memberId
  if (fan.phoneType !== undefined) record.phoneType = fan.phoneType
  if (fan.phone !== undefined) record.phone = fan.phone
  if (fan.phoneConfirmedDate !== undefined) record.phoneConfirmedDate = fan.phoneConfirmedDate
  if (fan.email !== undefined) record.email = fan.email
  if (fan.firstName !== undefined) record.firstName = fan.firstName
  if (fan.lastName !== undefined) record.lastName = fan.lastName
  record.verdict = fan.isVerified
  record.score = fan.score
  if (fan.localFanscore !== undefined) record.localFanscore = fan.localFanscore
  if (fan.bandScore !== undefined) record.bandScore = fan.bandScore
  record.marketId = marketId
  if (fan.locale !== undefined) record.locale = fan.locale
  return record as EntryScoringRecord
}
