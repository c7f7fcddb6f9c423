import { describe, expect, it } from "vitest"
import { runCli } from "../../support/cliRun.js"

/**
 * What goes where when stdout is not a terminal (a pipe, as here): the help as plain text with
 * a usage that names the command; the report, or --json's JSON, alone on stdout; the CLI's
 * own logs (JSON lines) and progress on stderr.
 */
const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const escape = "\x1b"

describe("vf-workers output, piped", () => {
  // `--in-memory` keeps this among the tests that start no stand-in; the help is the same without it.
  it("prints run's help as plain text, its usage reading `vf-workers run …`", async () => {
    const run = await runCli(["run", "--in-memory", "--help"])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain(escape)
    expect(run.stdout).toContain("USAGE")
    expect(run.stdout.split("\n")).toContainEqual(expect.stringMatching(/^\$ vf-workers run \[--in-memory\] .*<files>\.\.\.$/))
    expect(run.stdout).toContain("--campaigns file")
  }, 60_000)

  it("prints the top command's help as plain text too", async () => {
    const run = await runCli(["--help"])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain(escape)
    expect(run.stdout.split("\n")).toContain("$ vf-workers")
  }, 60_000)

  it("with --json, stdout is exactly the report's JSON, and the logs (at info) are JSON lines on stderr", async () => {
    const run = await runCli(["--log-level", "info", "run", "--in-memory", "--json", example])
    expect(run.code).toBe(0)
    expect(run.stdout.endsWith("}\n")).toBe(true)
    const report = JSON.parse(run.stdout)
    expect(run.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`)
    const logs = run.stderr.split("\n").filter((line) => line.startsWith("{"))
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.map((line) => JSON.parse(line).level)).toContain("INFO")
    expect(run.stderr).not.toContain(escape)
  }, 60_000)
})
