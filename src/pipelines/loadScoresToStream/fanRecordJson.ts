import type { ScrubbedRow } from "../../services/schemas/ScrubbedRow.js"
import type { FanGroup } from "./BlockFans.js"
import type { RankedRow } from "./decodeScrubbedRows.js"

/** What JSON.stringify would escape in a string: quotes, backslashes, control characters, lone surrogates. */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/

/** A string as JSON, as JSON.stringify writes it (most strings need no escape: just quoted). */
const text = (value: string) => (needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`)

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

/** `,"name":` of each optional field, made once. */
const key = (name: string) => `,"${name}":`
const keys = {
  memberId: key("memberId"),
  email: key("email"),
  localFanscore: key("localFanscore"),
  accountFanscore: key("accountFanscore"),
  bandScore: key("bandScore"),
  phone: key("phone"),
  phoneType: key("phoneType"),
  phoneConfirmedDate: key("phoneConfirmedDate"),
  firstName: key("firstName"),
  lastName: key("lastName"),
  locale: key("locale")
} as const

/** `,"name":"value"` (the key made once), or nothing when the value is absent. */
const str = (prefix: string, value: string | undefined) => (value === undefined ? "" : prefix + text(value))
/** `,"name":number`, or nothing when the value is absent. */
const num = (prefix: string, value: number | undefined) => (value === undefined ? "" : prefix + value)

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
    str(keys.memberId, fan.memberId) +
    str(keys.email, fan.email) +
    `,"score":${fan.score}` +
    num(keys.localFanscore, fan.localFanscore) +
    num(keys.accountFanscore, fan.accountFanscore) +
    num(keys.bandScore, fan.bandScore) +
    `,"isVerified":${fan.isVerified},"rank":"${lowest.rank}","events":${eventsJson(rows)}` +
    tagsJson(fan.review_notes) +
    originJson(fan["nudetect.score"], fan["nudetect.scoreBand"]) +
    str(keys.phone, fan.phone) +
    str(keys.phoneType, fan.phoneType) +
    str(keys.phoneConfirmedDate, fan.phoneConfirmedDate) +
    str(keys.firstName, fan.firstName) +
    str(keys.lastName, fan.lastName) +
    str(keys.locale, fan.locale) +
    `,"__meta":${metaJson}}`
  )
}
