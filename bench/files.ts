import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fanlistChunks } from "../test/support/fanlistFile.js"
import { scrubbedFileChunks } from "../test/support/scrubbedRows.js"

/** A generated benchmark input on disk: its path, S3 key, size, and rows. */
export interface BenchFile {
  readonly path: string
  readonly key: string
  readonly bytes: number
  readonly rows: number
}

const write = async (path: string, chunks: Iterable<Uint8Array>) => {
  const partial = `${path}.partial`
  const out = createWriteStream(partial)
  for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()))
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  renameSync(partial, path)
}

/** Writes the file unless an earlier bench run left it (the generators are seeded: same options, same bytes). */
const ensure = async (dir: string, key: string, rows: number, chunks: () => Iterable<Uint8Array>): Promise<BenchFile> => {
  const path = join(dir, key)
  mkdirSync(join(path, ".."), { recursive: true })
  if (!existsSync(path)) await write(path, chunks())
  return { path, key, bytes: statSync(path).size, rows }
}

/**
 * A scrubbed file as upstream makes them: 21 columns, 1–3 rank rows per fan (rank from
 * the id), every 50th row invalid (2%) for a rotating reason.
 */
export const scrubbedBenchFile = (dir: string, rows: number) =>
  ensure(dir, `scrubbed/registrants.cbench.Benchmark.${rows}.cleaned.prepared.merged.csv`, rows, () =>
    scrubbedFileChunks({ rows, campaignId: "cbench", invalidEvery: 50, maxRanks: 3, seed: 7 })
  )

/** The Campaign Service stand-in's campaigns for the benchmark campaign (the generator's markets), as a file for `--campaigns`. */
export const benchCampaignsFile = (dir: string) => {
  const path = join(dir, "campaigns.json")
  const markets = ["Chicago", "Denver", "New York, NY", "São Paulo", "Zürich", "Los Angeles"].map((name, i) => ({ id: `mkt-${i}`, name }))
  writeFileSync(path, JSON.stringify({ cbench: { id: "cbench", name: "Benchmark Tour", markets } }))
  return path
}

/** A scored fanlist: every fan on two rows far apart (a quarter of the rows duplicates… half), ids of three kinds. */
export const fanlistBenchFile = (dir: string, rows: number) =>
  ensure(dir, `fanlist/scored/cbench/${rows}.csv`, rows, () => fanlistChunks({ rows, fans: Math.ceil(rows / 2) }))
