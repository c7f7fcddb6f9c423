import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, expect, it } from "vitest"
import { runCli } from "../../support/cliRun.js"
import { csvText } from "../../support/csvText.js"

/**
 * The runner started from a folder outside the project, on a file of many blocks decoded
 * on worker threads: the threads find tsx from the package, not from the working folder
 * (they once did not, and the run waited for ever on threads that had died).
 */

const folder = mkdtempSync(join(tmpdir(), "vf-elsewhere-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

it("runs a file of 8,000 rows on worker threads from another folder, to its end", async () => {
  mkdirSync(join(folder, "scrubbed"))
  const rows = Array.from({ length: 8_000 }, (_, i) => ({ id: `g${i}0`, globalUserId: `g${i}`, score: "0.5", isVerified: "true", note: "x".repeat(120) }))
  const file = join(folder, "scrubbed", "registrants.c9.Tour.20261201.cleaned.prepared.merged.csv")
  writeFileSync(file, csvText(rows))
  const run = await runCli(["run", "--in-memory", file], { cwd: folder, env: { LOAD_DECODE_THREADS: "2" }, timeoutMs: 90_000 })
  expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null })
  expect(run.stdout).toContain("rows 8,000: 8,000 valid, 0 invalid, 0 duplicate")
}, 100_000)
