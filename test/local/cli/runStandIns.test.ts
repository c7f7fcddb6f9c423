import { writeFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { lastLine, runCli } from "../../support/cliRun.js"
import { standInProcessesOf } from "../../support/standins/standInProcesses.js"

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const dir = mkdtempSync(join(tmpdir(), "vf-standins-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ready = /ready in [\d.]+ s: /

/** The stand-in processes a run started that are still there, given `ms` to go. */
const leftAfter = async (pid: number, ms: number) => {
  for (const deadline = Date.now() + ms; standInProcessesOf(pid).length > 0 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return standInProcessesOf(pid)
}

/** A CLI run on stand-ins takes seconds; several, on a loaded 2-core machine, take more. */
const endToEnd = 120_000

describe("vf-workers run leaves no stand-in behind", () => {
  it("says in one line that Java is missing, suggests --in-memory, and stops the stand-ins that did start", async () => {
    const run = await runCli(["run", example], { env: { PATH: "/nonexistent" } })
    expect(run.code).toBe(1)
    expect(lastLine(run.stderr)).toBe(
      "vf-workers run: DynamoDB Local needs Java 17 or later, and there is no java command on the PATH — run with --in-memory"
    )
    expect(run.stdout).toBe("")
    expect(standInProcessesOf(run.pid)).toEqual([])
  }, endToEnd)

  it("stops every stand-in when the run fails after they started", async () => {
    const campaigns = join(dir, "campaigns.json")
    writeFileSync(campaigns, "{ not json")
    let seenReady = false
    const run = await runCli(["run", "--campaigns", campaigns, example], { onStderr: (text) => void (seenReady ||= ready.test(text)) })
    expect(seenReady).toBe(true)
    expect(run.code).toBe(1)
    expect(lastLine(run.stderr)).toMatch(/^vf-workers run: \S*campaigns\.json: not a campaigns file: .*JSON/)
    expect(run.stderr).toContain("stand-ins stopped")
    expect(standInProcessesOf(run.pid)).toEqual([])
  }, endToEnd)

  it("stops them when interrupted (Ctrl-C), and they follow a runner killed outright", async () => {
    const signalled = new Set<string>()
    const whenReady = (signal: NodeJS.Signals) => (text: string, child: { kill: (signal: NodeJS.Signals) => boolean }) => {
      if (!signalled.has(signal) && ready.test(text)) {
        signalled.add(signal)
        child.kill(signal)
      }
    }
    const interrupted = await runCli(["run", example], { onStderr: whenReady("SIGINT") })
    expect(signalled.has("SIGINT")).toBe(true)
    expect(interrupted.code).toBe(130)
    expect(interrupted.stdout).toBe("")
    expect(lastLine(interrupted.stderr)).toBe("stand-ins stopped")
    expect(standInProcessesOf(interrupted.pid)).toEqual([])

    const killed = await runCli(["run", example], { onStderr: whenReady("SIGKILL") })
    expect(killed.signal).toBe("SIGKILL")
    // No finalizer ran: each stand-in's launcher sees its stdin close and ends what it started.
    expect(await leftAfter(killed.pid, 10_000)).toEqual([])
  }, endToEnd)
})
