import type { ScrubbedRow } from "../../services/schemas/ScrubbedRow.js"
import type { FanGroup } from "./combineFans.js"
import type { RankedRow } from "./decodeScrubbedRows.js"

const text = JSON.stringify as (value: string) => string

/** `,"key":"value"` for each present string field of the row, in the order given. */
const strings = (row: ScrubbedRow, keys: ReadonlyArray<keyof ScrubbedRow & string>) => {
  let json = ""
  for (const key of keys) {
    const value = row[key] as string | undefined
    if (value !== undefined) json += `,"${key}":${text(value)}`
  }
  return json
}

/** `,"key":number` for each present number field. */
const numbers = (row: ScrubbedRow, keys: ReadonlyArray<keyof ScrubbedRow & string>) => {
  let json = ""
  for (const key of keys) {
    const value = row[key] as number | undefined
    if (value !== undefined) json += `,"${key}":${value}`
  }
  return json
}

/** The group's rows in rank order (a fan has a few). */
const byRank = (rows: ReadonlyArray<RankedRow>) => (rows.length === 1 ? rows : [...rows].sort((a, b) => a.rank - b.rank))

const eventJson = (row: ScrubbedRow) => {
  const market = row.hbase === undefined ? "" : `"market":${text(row.hbase)}`
  const eventId = row.event_id === undefined ? "" : `"eventId":${text(row.event_id)}`
  return `{${market}${market !== "" && eventId !== "" ? "," : ""}${eventId}}`
}

const originJson = (row: ScrubbedRow) => {
  const score = row["nudetect.score"]
  const band = row["nudetect.scoreBand"]
  if (score === undefined && band === undefined) return ""
  const parts = [...(score === undefined ? [] : [`"score":${score}`]), ...(band === undefined ? [] : [`"scoreBand":${text(band)}`])]
  return `,"origin":{"nudetect":{${parts.join(",")}}}`
}

const contactFields = ["phone", "phoneType", "phoneConfirmedDate", "firstName", "lastName", "locale"] as const

/**
 * The JSON text of a fan group's record, written directly: the same text as
 * `JSON.stringify(buildFanRecord(campaignId, group, meta))` (a property test holds them
 * equal), without building the record object first. `campaignIdJson` and `metaJson` are
 * the file's campaign id and meta, already JSON.
 */
export const fanRecordJson = (campaignIdJson: string, group: FanGroup, metaJson: string): string => {
  const rows = byRank(group.rows)
  const lowest = rows[0]!
  const fan = lowest.row
  let json = `{"campaignId":${campaignIdJson},"globalUserId":${text(fan.globalUserId)}`
  json += strings(fan, ["memberId", "email"])
  json += `,"score":${fan.score}`
  json += numbers(fan, ["localFanscore", "accountFanscore", "bandScore"])
  json += `,"isVerified":${fan.isVerified},"rank":"${lowest.rank}","events":{`
  for (let i = 0; i < rows.length; i++) json += `${i === 0 ? "" : ","}"${rows[i]!.rank}":${eventJson(rows[i]!.row)}`
  json += "}"
  const tags = fan.review_notes
  if (tags !== undefined && tags.length > 0) json += `,"tags":[${tags.map(text).join(",")}]`
  json += originJson(fan)
  json += strings(fan, contactFields)
  return `${json},"__meta":${metaJson}}`
}
