import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { memorySide } from "../../../src/local/cli/flow/memorySide.js"
import { fileKeeper } from "../../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../../src/local/cli/localRun.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { scrubbedFileSummary, scrubbedFileText } from "../../support/scrubbedFile.js"

/**
 * Data quality (SPEC §12) through the runner in memory, as a user sees it: a file with 10% of its rows
 * invalid gets its rejects file (every refused row, in the bucket and in the dump) and a
 * warning in its Slack post; a file with 4% gets its rejects file and no warning.
 */

const root = mkdtempSync(join(tmpdir(), "vf-quality-"))
const fileOf = (campaignId: string, invalidEvery: number) => {
  const options = { rows: 2_000, campaignId, invalidEvery, maxRanks: 2, seed: 5 }
  const dir = join(root, "scrubbed")
  mkdirSync(dir, { recursive: true })
  const key = `scrubbed/registrants.${campaignId}.Quality.20261202T0900.cleaned.prepared.merged.csv`
  writeFileSync(join(root, key), scrubbedFileText(options))
  return { path: join(root, key), key, summary: scrubbedFileSummary(options) }
}

describe("vf-workers run: data quality (SPEC §12)", () => {
  it.scopedLive("a file 10% invalid: every refused row in its rejects file, and a warning in its Slack post; 4%: no warning", () =>
    Effect.gen(function* () {
      const [bad, fair] = [fileOf("cq10", 10), fileOf("cq04", 25)]
      const dump = join(root, "dump")
      mkdirSync(dump)
      const world = new MemoryWorld()
      const keeper = fileKeeper(dump)
      const side = yield* memorySide(world, keeper)
      const quiet = { say: () => Effect.void }
      // The side closes the keeper's files when it gives its end state.
      const run = yield* runFiles(side, [bad.path, fair.path], Option.none(), quiet, { keeper })
      expect(bad.summary.invalid).toBe(200)
      expect(fair.summary.invalid).toBe(80)

      const [badPost, fairPost] = run.slackPosts
      expect(run.slackPosts).toHaveLength(2)
      expect(badPost!.text).toContain("Data quality warning: 10.0% of rows invalid (200 of 2,000; above 5.0%): ")
      expect(JSON.stringify(badPost!.blocks)).toContain(`Every refused row: \`rejects/${bad.key}.csv\``)
      expect(fairPost!.text).not.toContain("Data quality")
      expect(JSON.stringify(fairPost!.blocks)).toContain(`refused rows in \`rejects/${fair.key}.csv\``)

      for (const file of [bad, fair]) {
        const loaded = run.files.find((entry) => entry.key === file.key && entry.worker === "loadScoresToStream")
        const result = loaded !== undefined && "result" in loaded ? (loaded.result as { invalid: number; duplicate: number }) : undefined
        const refused = result!.invalid + result!.duplicate
        expect(result!.invalid).toBe(file.summary.invalid)
        // In the bucket and in the dump: the header, then one row per refused row (a quoted line break makes a row two lines).
        const inBucket = new TextDecoder().decode(world.bucket.objects.get(`rejects/${file.key}.csv`))
        expect(readFileSync(join(dump, "rejects", `${file.key}.csv`), "utf8")).toBe(inBucket)
        const lines = inBucket.trimEnd().split("\n")
        const rows = lines.filter((line) => /^\d+,/.test(line))
        expect(lines[0]).toMatch(/^line,reason,id,globalUserId,/)
        expect(rows).toHaveLength(refused)
        const numbers = rows.map((row) => Number(row.split(",")[0]))
        expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
        for (const { line } of file.summary.firstInvalid) expect(numbers).toContain(line)
      }
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)
})
