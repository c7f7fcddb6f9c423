import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { lastLine, runCli } from "../../support/cliRun.js"

/**
 * SPEC §8: a run exits 0 only when every file loaded and nothing was given up. A file that
 * fails whole (binary content, a key out of the pattern, an empty file) makes the run exit 1
 * once the other files ran, and the report names it.
 */
const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const root = mkdtempSync(join(tmpdir(), "vf-not-loaded-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const scrubbed = join(root, "scrubbed")
mkdirSync(scrubbed)
const fileNamed = (name: string, content: Uint8Array | string) => {
  writeFileSync(join(scrubbed, name), content)
  return { path: join(scrubbed, name), key: `scrubbed/${name}` }
}
const good = { path: join(scrubbed, "registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"), key: example.slice("examples/".length) }
copyFileSync(example, good.path)
// Bytes of every value, NULs among them: not text a CSV reader can take.
const binary = fileNamed("registrants.c1002.Binary.20261120T0900.cleaned.prepared.merged.csv", Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))
const empty = fileNamed("registrants.c1003.Empty.20261120T0900.cleaned.prepared.merged.csv", "")
const outOfPattern = fileNamed("not-a-registrants-file.csv", "id,globalUserId\nGU1,GU1\n")

describe("vf-workers run with files that fail whole", () => {
  it("runs the other files, names every file not loaded in the report, and exits 1", async () => {
    const run = await runCli(["run", "--in-memory", binary.path, good.path, empty.path, outOfPattern.path])
    expect(run.code).toBe(1)
    // The good file went through its whole flow although the one before it failed.
    expect(run.stdout).toContain("verdictReporter: 1 message → 1 posted")
    const notLoaded = run.stdout.slice(run.stdout.indexOf("NOT LOADED:")).split("\n\n")[0]!.split("\n").slice(1)
    expect(notLoaded.map((line) => line.trim().split(": ")[0])).toEqual([binary.key, empty.key, outOfPattern.key])
    expect(notLoaded[0]).toContain("binary")
    expect(notLoaded[1]).toContain("empty file")
    expect(notLoaded[2]).toContain("does not match")
    expect(lastLine(run.stderr)).toBe(`vf-workers run: 3 of 4 files not loaded (${binary.key}, ${empty.key}, ${outOfPattern.key}): see the report`)
  }, 60_000)

  it("exits 1 for a single file that fails, and report.json (--json) lists it under failures", async () => {
    const run = await runCli(["run", "--in-memory", "--json", binary.path])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.failures.notLoaded).toEqual([{ key: binary.key, worker: "loadScoresToStream", reason: expect.stringContaining("binary") }])
    expect(report.failures.givenUp).toEqual([])
  }, 60_000)

  it("exits 0 when every file loaded", async () => {
    const run = await runCli(["run", "--in-memory", "--json", good.path])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).failures).toBeUndefined()
  }, 60_000)
})
