import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { mulberry32 } from "../support/faults/seededRandom.js"

/**
 * A seeded set of files dropped together, as the concurrency suite runs them: one or two
 * campaigns, each with 3–5 scrubbed files over one pool of fans (overlapping, their
 * isVerified flipping from file to file), a scored fanlist on the same fans (the same
 * items), and one file uploaded twice (a re-upload: a new version, a new run).
 */

export interface FanValues {
  readonly score: number
  readonly isVerified: boolean
}

export interface Scenario {
  readonly seed: number
  /** The files in the order given to the runner (paths under `dir`), a re-upload twice. */
  readonly files: ReadonlyArray<string>
  readonly campaignsFile: string
  readonly campaignIds: ReadonlyArray<string>
  /** For each fan item (`<campaignId> <PK>`), the values some file gave it: an item must end holding one of them. */
  readonly heldBy: ReadonlyMap<string, ReadonlyArray<FanValues>>
  /** Fans whose rank 0 is in a market of the campaign: each must reach the Entry Service at least once. */
  readonly entryFans: ReadonlySet<string>
  /** Fan items a fanlist writes too (the others are written by one shard's records alone: the last record wins). */
  readonly fanlistItems: ReadonlySet<string>
}

const markets = [
  { id: "mkt-bos", name: "Boston" },
  { id: "mkt-sea", name: "Seattle" }
]

export const itemName = (campaignId: string, pk: string) => `${campaignId} ${pk}`

export const scenario = (seed: number, dir: string): Scenario => {
  const random = mulberry32(seed)
  const pick = <A>(items: ReadonlyArray<A>) => items[Math.floor(random() * items.length)]!
  const heldBy = new Map<string, Array<FanValues>>()
  const entryFans = new Set<string>()
  const fanlistItems = new Set<string>()
  const hold = (campaignId: string, pk: string, values: FanValues) => {
    const name = itemName(campaignId, pk)
    heldBy.set(name, [...(heldBy.get(name) ?? []), values])
  }
  const campaignIds = random() < 0.5 ? ["c3001"] : ["c3001", "c3002"]
  const campaigns: Record<string, unknown> = {}
  const files: Array<string> = []
  for (const campaignId of campaignIds) {
    campaigns[campaignId] = { id: campaignId, name: `Concurrency ${campaignId}`, markets }
    const pool = Array.from({ length: 20 + Math.floor(random() * 30) }, (_, i) => `${campaignId}-g${i}`)
    const scrubbed = 3 + Math.floor(random() * 3)
    for (let file = 0; file < scrubbed; file++) {
      const rows = ["globalUserId,rank,campaign_id,score,isVerified,hbase,event_id"]
      for (const fan of pool) {
        if (random() < 0.3) continue
        const values = { score: Math.round(random() * 1000) / 1000, isVerified: random() < 0.6 }
        const market = random() < 0.85 ? pick(markets).name : "Atlantis"
        rows.push(`${fan},0,${campaignId},${values.score},${values.isVerified},${market},EV-${file}`)
        if (random() < 0.4) rows.push(`${fan},1,${campaignId},${values.score},${values.isVerified},${pick(markets).name},EV-${file}b`)
        hold(campaignId, `fan:${fan}`, values)
        if (market !== "Atlantis") entryFans.add(fan)
      }
      const key = `scrubbed/registrants.${campaignId}.Concurrency.20261206T${String(1000 + file)}.cleaned.prepared.merged.csv`
      files.push(write(dir, key, rows))
    }
    const fanlist = ["globalUserId,score,isVerified"]
    for (const fan of pool) {
      if (random() < 0.6) continue
      const values = { score: Math.round(random() * 1000) / 1000, isVerified: random() < 0.7 }
      fanlist.push(`${fan},${values.score},${values.isVerified}`)
      hold(campaignId, `fan:${fan}`, values)
      fanlistItems.add(itemName(campaignId, `fan:${fan}`))
    }
    files.push(write(dir, `fanlist/scored/${campaignId}/20261206T1200.csv`, fanlist))
  }
  // A re-upload: the same file again, as a new version.
  files.push(pick(files.filter((file) => file.includes("/scrubbed/"))))
  const order = files.map((file) => ({ file, key: random() })).sort((a, b) => a.key - b.key).map(({ file }) => file)
  const campaignsFile = join(dir, "campaigns.json")
  writeFileSync(campaignsFile, JSON.stringify(campaigns))
  return { seed, files: order, campaignsFile, campaignIds, heldBy, entryFans, fanlistItems }
}

const write = (dir: string, key: string, rows: ReadonlyArray<string>) => {
  const path = join(dir, "data", key)
  mkdirSync(join(path, ".."), { recursive: true })
  writeFileSync(path, `${rows.join("\n")}\n`)
  return path
}
