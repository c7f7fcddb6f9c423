import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { lastLine, runCli } from "../../support/cliRun.js"
import { scrubbedFileText, scrubbedKey } from "../../support/scrubbedFile.js"

/**
 * `--dump DIR` is made when the run starts and its streams' records are written into it as
 * they are read: whatever ends the run before the dump is whole leaves nothing half-written
 * there (no `*.partial`, no rejects copy of an earlier file, not the folder the run made).
 */
const root = mkdtempSync(join(tmpdir(), "vf-dump-back-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const exampleCopy = join(root, "data", "scrubbed", example.split("/").at(-1)!)
mkdirSync(dirname(exampleCopy), { recursive: true })
copyFileSync(example, exampleCopy)
/** Long enough to be interrupted mid-load (tens of thousands of rows). */
const large = join(root, "data", scrubbedKey("c1801"))
writeFileSync(large, scrubbedFileText({ rows: 40_000, campaignId: "c1801", seed: 18 }))
const brokenCampaigns = join(root, "broken-campaigns.json")
writeFileSync(brokenCampaigns, '{ "c1001": { "id": "c1001", ')

/** Every file under `dir`, as paths from it. */
const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)).map((name) => `${entry.name}/${name}`) : [entry.name]
  )

describe("a run that fails after its dump started", () => {
  it("a campaigns file that is not JSON: says so, and the dump folder it made is gone", async () => {
    const dump = join(root, "new", "dump")
    const run = await runCli(["run", "--in-memory", "--campaigns", brokenCampaigns, "--dump", dump, exampleCopy])
    expect(run.code).toBe(1)
    expect(lastLine(run.stderr)).toMatch(/^vf-workers run: .*broken-campaigns\.json: not a campaigns file/)
    expect(existsSync(dump)).toBe(false)
    expect(existsSync(join(root, "new"))).toBe(false)
  }, 60_000)

  it("into a folder that was there: its own files stay, nothing of the run's is left", async () => {
    const dump = join(root, "kept")
    mkdirSync(dump)
    writeFileSync(join(dump, "notes.txt"), "mine")
    const run = await runCli(["run", "--in-memory", "--campaigns", brokenCampaigns, "--dump", dump, exampleCopy])
    expect(run.code).toBe(1)
    expect(filesUnder(dump)).toEqual(["notes.txt"])
  }, 60_000)

  it("interrupted after an earlier file's rejects were copied: nothing is left, and it exits 130", async () => {
    const dump = join(root, "interrupted")
    let sent = false
    let before: Array<string> = []
    const run = await runCli(["run", "--in-memory", "--dump", dump, exampleCopy, large], {
      // Once the second file starts loading, the first file's records and rejects file are in the folder.
      onStderr: (stderr, child) => {
        if (!sent && stderr.includes("[2/2]")) {
          sent = true
          setTimeout(() => {
            before = filesUnder(dump)
            child.kill("SIGINT")
          }, 300)
        }
      }
    })
    // What the interruption found there, and took back.
    expect(before).toEqual(expect.arrayContaining(["scores-stream.json.partial", `rejects/${example.slice("examples/".length)}.csv`]))
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null })
    expect(existsSync(dump)).toBe(false)
  }, 90_000)

  it("a run that exits 1 for a file not loaded keeps its dump whole: it says what happened", async () => {
    const dump = join(root, "whole")
    const empty = join(root, "data", scrubbedKey("c1802"))
    writeFileSync(empty, "")
    const run = await runCli(["run", "--in-memory", "--dump", dump, exampleCopy, empty])
    expect(run.code).toBe(1)
    const files = filesUnder(dump)
    expect(files.filter((name) => name.endsWith(".partial"))).toEqual([])
    expect(files).toEqual(expect.arrayContaining(["report.json", "demand-table.json", "scores-stream.json", `rejects/${example.slice("examples/".length)}.csv`]))
  }, 60_000)
})
