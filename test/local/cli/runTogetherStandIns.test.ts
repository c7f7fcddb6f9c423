import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runResourceEnvironment } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { readDump } from "../../support/runnerDump.js"
import { standInProcessesOf } from "../../support/standins/standInProcesses.js"
import { expectConsistentEnd, fanItemKeys, writeTogetherFiles } from "../../support/togetherFiles.js"

const root = mkdtempSync(join(tmpdir(), "vf-together-standins-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A CLI run on stand-ins takes seconds; several, on a loaded 2-core machine, take more. */
const endToEnd = 180_000

describe("vf-workers run --together on the embedded stand-ins (SPEC §8, concurrency as deployed)", () => {
  it("loads four files of two campaigns at once over the real protocols and ends consistent, with the fan items of a run one by one", async () => {
    const { paths, keys, campaigns } = writeTogetherFiles(join(root, "files"))
    const dir = (name: string) => join(root, name)
    const env = runResourceEnvironment("together")
    const together = await runCli(["run", "--together", "--campaigns", campaigns, "--dump", dir("embedded"), ...paths], { env, timeoutMs: endToEnd })
    expect(together.stderr.split("\n").filter((line) => line.startsWith("vf-workers"))).toEqual([])
    expect(together.code).toBe(0)
    expect(standInProcessesOf(together.pid)).toEqual([])
    expect(together.stderr).toContain("4 files uploaded together: every load at once")
    const reference = await runCli(["run", "--in-memory", "--campaigns", campaigns, "--dump", dir("memory"), ...paths], { env })
    expect(reference.code).toBe(0)

    const [embedded, memory] = [readDump(dir("embedded")), readDump(dir("memory"))]
    expectConsistentEnd(embedded)
    expect(fanItemKeys(embedded)).toEqual(fanItemKeys(memory))
    const report = embedded["report.json"] as { files: Array<{ key: string; worker: string }> }
    expect(report.files.slice(0, 4).map((file) => file.key)).toEqual(keys)
  }, endToEnd)
})
