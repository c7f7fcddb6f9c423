import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/** Fields whose value is new on each upload of a file: the run (file version) and the load. */
const perUpload = new Set(["run", "loadId"])

/** A value with what differs from run to run (times, correlation ids, runs of uploads) replaced by placeholders; all else as it was. */
export const withoutVolatile = (value: unknown, key = ""): unknown => {
  if (Array.isArray(value)) return value.map((item) => withoutVolatile(item))
  if (typeof value === "string" && perUpload.has(key)) return `<${key}>`
  if (typeof value === "string") return value.replace(isoTime, "<time>").replace(uuid, "<uuid>")
  if (typeof value === "number" && (key === "date" || key === "since")) return "<time>"
  if (value === null || typeof value !== "object") return value
  return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, withoutVolatile(field, name)]))
}

/** Every file of a dump folder by its path in it: JSON parsed, the rejects files (`rejects/….csv`) as text. */
export const readDump = (dir: string): Record<string, unknown> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort()
      .map((name) => {
        const text = readFileSync(join(dir, name), "utf8")
        return [name, name.endsWith(".json") ? JSON.parse(text) : text]
      })
  )

/**
 * A dump file as runs of different modes (or of one mode twice) must agree on it: without
 * volatile values, and the Entry Service's POSTs merged per campaign in order, since how
 * records group into POSTs follows the stream batches a poll happened to see.
 */
export const comparable = (name: string, content: unknown): unknown => {
  if (name !== "entry-service.json" || !Array.isArray(content)) return withoutVolatile(content)
  const merged = new Map<string, Array<unknown>>()
  for (const post of content as ReadonlyArray<{ campaignId: string; records: ReadonlyArray<unknown> }>) {
    merged.set(post.campaignId, [...(merged.get(post.campaignId) ?? []), ...post.records])
  }
  return withoutVolatile([...merged].map(([campaignId, records]) => ({ campaignId, records })))
}

const byJson = (items: ReadonlyArray<unknown>) =>
  items.map((item) => [JSON.stringify(item), item] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item)

/**
 * As `comparable`, with a stream's records, and each campaign's Entry Service records, as
 * sets (in one canonical order): the order records of several shards reach a reader in
 * varies from run to run once a load is spread over invocations.
 */
export const comparableAsSets = (name: string, content: unknown): unknown => {
  const same = comparable(name, content)
  if (!Array.isArray(same)) return same
  if (name.endsWith("-stream.json")) return byJson(same)
  if (name !== "entry-service.json") return same
  return (same as ReadonlyArray<{ campaignId: string; records: ReadonlyArray<unknown> }>).map((post) => ({ ...post, records: byJson(post.records) }))
}
