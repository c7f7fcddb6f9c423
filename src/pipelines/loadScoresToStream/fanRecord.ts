import type { FanRecord, RankEvent, RecordMeta } from "../../services/schemas/FanRecord.js"
import type { ScrubbedRow } from "../../services/schemas/ScrubbedRow.js"
import type { FanGroup } from "./BlockFans.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const rankEvent = (row: ScrubbedRow): RankEvent => {
  const event: Mutable<RankEvent> = {}
  if (row.hbase !== undefined) event.market = row.hbase
  if (row.event_id !== undefined) event.eventId = row.event_id
  return event
}

/** Copies the fields of `from` that are present, in the order given. */
const copyPresent = <K extends keyof ScrubbedRow & keyof FanRecord>(
  into: Record<string, unknown>,
  from: ScrubbedRow,
  keys: ReadonlyArray<K>
) => {
  for (const key of keys) if (from[key] !== undefined) into[key] = from[key]
}

const contactFields = ["phone", "phoneType", "phoneConfirmedDate", "firstName", "lastName", "locale"] as const

/**
 * The fan record of one fan group: fan-level fields of the lowest-rank row, the events
 * of every rank, rank = the lowest rank. Keys follow SPEC §3.1; absent values are omitted.
 */
export const buildFanRecord = (campaignId: string, group: FanGroup, meta: RecordMeta): FanRecord => {
  let lowest = group.rows[0]!
  for (const row of group.rows) if (row.rank < lowest.rank) lowest = row
  const fan = lowest.row
  const events: Record<string, RankEvent> = {}
  for (const row of [...group.rows].sort((a, b) => a.rank - b.rank)) events[String(row.rank)] = rankEvent(row.row)

  const record: Record<string, unknown> = { campaignId, globalUserId: fan.globalUserId }
  copyPresent(record, fan, ["memberId", "email"])
  record.score = fan.score
  copyPresent(record, fan, ["localFanscore", "accountFanscore", "bandScore"])
  record.isVerified = fan.isVerified
  record.rank = String(lowest.rank)
  record.events = events
  if (fan.review_notes !== undefined && fan.review_notes.length > 0) record.tags = fan.review_notes
  const nudetect: Record<string, unknown> = {}
  if (fan["nudetect.score"] !== undefined) nudetect.score = fan["nudetect.score"]
  if (fan["nudetect.scoreBand"] !== undefined) nudetect.scoreBand = fan["nudetect.scoreBand"]
  if (Object.keys(nudetect).length > 0) record.origin = { nudetect }
  copyPresent(record, fan, contactFields)
  record.__meta = meta
  return record as FanRecord
}
