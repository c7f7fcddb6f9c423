import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { firstLineAfterMillis, linesEveryMillis } from "../../../src/local/cli/flow/loadProgress.js"
import { runCli } from "../../support/cliRun.js"
import { scrubbedFileText, scrubbedKey } from "../../support/scrubbedFile.js"

/**
 * A load's progress when stderr is not a terminal (a pipe, as here): said as the load starts,
 * then plain lines — share of the file read, rows, rows per second, time left — the first a
 * second in, then every few seconds; no escape sequence anywhere.
 */
const root = mkdtempSync(join(tmpdir(), "vf-progress-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const key = scrubbedKey("c1901")
const file = join(root, key)
mkdirSync(dirname(file), { recursive: true })
writeFileSync(file, scrubbedFileText({ rows: 60_000, campaignId: "c1901", seed: 19 }))

describe("a load's progress, piped", () => {
  it("comes early, as plain lines a few seconds apart", async () => {
    const seen: Array<{ at: number; line: string }> = []
    const run = await runCli(["run", "--in-memory", file], {
      onStderr: (stderr) => {
        for (const line of stderr.split("\n").slice(seen.length, -1)) seen.push({ at: performance.now(), line })
      }
    })
    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain("\x1b")
    const label = `[1/1] ${key}`
    const loading = seen.find(({ line }) => line.startsWith(`${label}: loading `))
    const shares = seen.filter(({ line }) => line.startsWith(`${label}: `) && /: \d+% of [\d.]+ MB, [\d,]+ rows, [\d,]+ rows\/s, ETA /.test(line))
    expect(loading).toBeDefined()
    expect(shares.length).toBeGreaterThan(0)
    // The first a second after the load starts (a little more when the machine is busy), not after the load.
    expect(shares[0]!.at - loading!.at).toBeGreaterThanOrEqual(firstLineAfterMillis - 50)
    expect(shares[0]!.at - loading!.at).toBeLessThan(firstLineAfterMillis + 1500)
    // Never a flood: each line a few seconds after the one before.
    for (const [i, share] of shares.entries()) if (i > 0) expect(share.at - shares[i - 1]!.at).toBeGreaterThan(linesEveryMillis - 500)
    const done = seen.findIndex(({ line }) => line.startsWith(`${label}: loadScoresToStream 60,000 rows`))
    expect(done).toBeGreaterThan(seen.indexOf(shares.at(-1)!))
  }, 120_000)
})
