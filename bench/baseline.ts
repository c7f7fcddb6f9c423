import { createReadStream } from "node:fs"
import { parse } from "csv-parse"

/**
 * The scrubbed-file job written the plain way, as a yardstick: csv-parse with `columns`
 * (one object per row), fields converted and checked by hand, a fan's contiguous rows
 * combined, one JSON.stringify and one Buffer per record, batches of 500 counted.
 */
export const baselineLoad = async (path: string) => {
  const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true }))
  let rows = 0
  let records = 0
  let invalid = 0
  let batch: Array<Buffer> = []
  let current: { id: string; rows: Array<Record<string, unknown>> } | undefined
  const flush = () => {
    if (current === undefined) return
    const [first, ...rest] = [...current.rows].sort((a, b) => (a["rank"] as number) - (b["rank"] as number))
    const events: Record<string, unknown> = {}
    for (const row of [first!, ...rest]) events[String(row["rank"])] = { market: row["hbase"], eventId: row["event_id"] }
    const record = { ...first, events, __meta: { source: path } }
    batch.push(Buffer.from(JSON.stringify(record)))
    records++
    if (batch.length === 500) batch = []
  }
  for await (const raw of parser as AsyncIterable<Record<string, string>>) {
    rows++
    const score = Number(raw["score"])
    const verified = String(raw["isVerified"]).toLowerCase()
    const id = String(raw["globalUserId"] ?? "").trim()
    const rankText = String(raw["id"] ?? "").slice(id.length)
    if (id === "" || !Number.isFinite(score) || !["true", "false", "1", "0"].includes(verified) || !/^\d+$/.test(rankText)) {
      invalid++
      continue
    }
    const row = {
      ...raw,
      globalUserId: id,
      rank: Number(rankText),
      score,
      isVerified: verified === "true" || verified === "1",
      localFanscore: raw["localFanscore"] ? Number(raw["localFanscore"]) : undefined,
      email: raw["email"]?.trim().toLowerCase()
    }
    if (current?.id !== id) {
      flush()
      current = { id, rows: [] }
    }
    current.rows.push(row)
  }
  flush()
  return { rows, records, invalid }
}
