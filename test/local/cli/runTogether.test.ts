import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runCli } from "../../support/cliRun.js"
import { readDump } from "../../support/runnerDump.js"
import { expectConsistentEnd, fanItemKeys, writeTogetherFiles } from "../../support/togetherFiles.js"

const root = mkdtempSync(join(tmpdir(), "vf-together-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

type Report = { files: Array<{ key: string; worker: string; result?: Record<string, unknown> }> }

describe("vf-workers run --together --in-memory (SPEC §8, concurrency as deployed)", () => {
  it("loads four files of two campaigns at once and ends consistent: every fan item, exact counts, final posts, every record scored", async () => {
    const { paths, keys, campaigns } = writeTogetherFiles(join(root, "files"))
    const dir = (name: string) => join(root, name)
    const oneByOne = await runCli(["run", "--in-memory", "--campaigns", campaigns, "--dump", dir("one-by-one"), ...paths])
    const together = await runCli(["run", "--in-memory", "--together", "--campaigns", campaigns, "--dump", dir("together"), ...paths])
    expect([oneByOne.code, together.code]).toEqual([0, 0])
    expect(together.stderr).toContain("4 files uploaded together: every load at once")
    expect(together.stdout).toMatch(/^vf-workers run · in-memory · 4 files together in /)

    const [sequential, concurrent] = [readDump(dir("one-by-one")), readDump(dir("together"))]
    expectConsistentEnd(sequential)
    expectConsistentEnd(concurrent)
    // The same fan items whatever the order the files' records met in.
    expect(fanItemKeys(concurrent)).toEqual(fanItemKeys(sequential))
    // Each file's load in the order given, then the consumers' results (their batches mix the files).
    const report = concurrent["report.json"] as Report
    expect(report.files.slice(0, 4).map((file) => [file.key, file.worker])).toEqual([
      [keys[0], "loadScoresToStream"],
      [keys[1], "loadScoresToStream"],
      [keys[2], "saveFanlistScores"],
      [keys[3], "loadScoresToStream"]
    ])
    expect(report.files.slice(4).map((file) => file.worker)).toEqual(["loadScoresToDynamoDB", "saveEntryScoring", "processSavedScores", "verdictReporter"])
  }, 120_000)
})
