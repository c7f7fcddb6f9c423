import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { runCli } from "../../support/cliRun.js"

/**
 * `vf-workers run` spends a second or two loading the runner (from the sources, through tsx)
 * before it can say anything: on a terminal it says so first; in a pipe it stays quiet, so
 * scripts and logs see only the runner's own lines. The terminal is util-linux's `script`.
 */
const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const starting = "vf-workers run: starting"

describe("vf-workers run's first line", () => {
  it("on a terminal, comes before the sources load", async () => {
    const command = `${process.execPath} bin/vf-workers.js run --in-memory ${example}`
    const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { timeout: 60_000 })
    expect(stdout.split(/\r?\n/)[0]).toBe(starting)
  }, 90_000)

  it("in a pipe, is the runner's own", async () => {
    const run = await runCli(["run", "--in-memory", example])
    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain(starting)
  }, 90_000)
})
