import type { ScrubbedRow } from "../../services/schemas/ScrubbedRow.js"
import type { FanGroup } from "./combineFans.js"
import type { RankedRow } from "./decodeScrubbedRows.js"

const text = JSON.stringify as (value: string) => string

/** The group's rows in rank order (a fan has a few). */
const byRank = (rows: ReadonlyArray<RankedRow>) => (rows.length === 1 ? rows : [...rows].sort((a, b) => a.rank - b.rank))

const eventJson = (row: ScrubbedRow) => {
  const { hbase, event_id } = row
  if (hbase === undefined) return event_id === undefined ? "{}" : `{"eventId":${text(event_id)}}`
  return event_id === undefined ? `{"market":${text(hbase)}}` : `{"market":${text(hbase)},"eventId":${text(event_id)}}`
}

const eventsJson = (rows: ReadonlyArray<RankedRow>) => {
  let json = `{"${rows[0]!.rank}":${eventJson(rows[0]!.row)}`
  for (let i = 1; i < rows.length; i++) json += `,"${rows[i]!.rank}":${eventJson(rows[i]!.row)}`
  return `${json}}`
}

const tagsJson = (tags: ReadonlyArray<string> | undefined) => {
  if (tags === undefined || tags.length === 0) return ""
  let json = `,"tags":[${text(tags[0]!)}`
  for (let i = 1; i < tags.length; i++) json += `,${text(tags[i]!)}`
  return `${json}]`
}

const originJson = (score: number | undefined, band: string | undefined) => {
  if (score === undefined) return band === undefined ? "" : `,"origin":{"nudetect":{"scoreBand":${text(band)}}}`
  return band === undefined ? `,"origin":{"nudetect":{"score":${score}}}` : `,"origin":{"nudetect":{"score":${score},"scoreBand":${text(band)}}}`
}

/** `,"name":"value"`, or nothing when the value is absent. */
const str = (name: string, value: string | undefined) => (value === undefined ? "" : `,"${name}":${text(value)}`)
/** `,"name":number`, or nothing when the value is absent. */
const num = (name: string, value: number | undefined) => (value === undefined ? "" : `,"${name}":${value}`)

/**
 * The JSON text of a fan group's record, written directly: the same text as
 * `JSON.stringify(buildFanRecord(campaignId, group, meta))` (a property test holds them
 * equal), without building the record object first. `campaignIdJson` and `metaJson` are
 * the file's campaign id and meta, already JSON. Fields are read by name, one by one: rows
 * share one shape, so each read is a plain property load.
 */
export const fanRecordJson = (campaignIdJson: string, group: FanGroup, metaJson: string): string => {
  const rows = byRank(group.rows)
  const lowest = rows[0]!
  const fan = lowest.row
  return (
    `{"campaignId":${campaignIdJson},"globalUserId":${text(fan.globalUserId)}` +
    str("memberId", fan.memberId) +
    str("email", fan.email) +
    `,"score":${fan.score}` +
    num("localFanscore", fan.localFanscore) +
    num("accountFanscore", fan.accountFanscore) +
    num("bandScore", fan.bandScore) +
    `,"isVerified":${fan.isVerified},"rank":"${lowest.rank}","events":${eventsJson(rows)}` +
    tagsJson(fan.review_notes) +
    originJson(fan["nudetect.score"], fan["nudetect.scoreBand"]) +
    str("phone", fan.phone) +
    str("phoneType", fan.phoneType) +
    str("phoneConfirmedDate", fan.phoneConfirmedDate) +
    str("firstName", fan.firstName) +
    str("lastName", fan.lastName) +
    str("locale", fan.locale) +
    `,"__meta":${metaJson}}`
  )
}
