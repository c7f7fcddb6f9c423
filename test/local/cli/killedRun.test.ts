import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { testCredentials, uniqueName } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { readDump, withoutVolatile } from "../../support/runnerDump.js"
import { scrubbedFileSummary, scrubbedFileText, scrubbedKey } from "../../support/scrubbedFile.js"
import { singleEndpoint, type SingleEndpoint } from "../../support/singleEndpoint.js"

/** SPEC §10: a runner killed mid-file at an endpoint (whose state outlives it), then run again, ends as one clean run. */

const root = mkdtempSync(join(tmpdir(), "vf-killed-"))
const options = { rows: 2_000, seed: 13, invalidEvery: 50, campaignId: "c1" }
const file = join(root, "data", scrubbedKey("c1"))
let endpoint: SingleEndpoint
beforeAll(async () => {
  endpoint = await singleEndpoint(inject("awsEndpoints"))
  mkdirSync(join(root, "data", "scrubbed"), { recursive: true })
  writeFileSync(file, scrubbedFileText(options))
})
afterAll(async () => {
  await endpoint?.close()
  rmSync(root, { recursive: true, force: true })
})

/** Runs the CLI and kills it (SIGKILL) `afterMillis` after its progress shows `line`, mid-flow. */
const killWhen = (args: ReadonlyArray<string>, env: Record<string, string>, line: string, afterMillis: number) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/vf-workers.js", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (piece: Buffer) => {
      stderr += piece.toString()
      if (stderr.includes(line)) setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), afterMillis)
    })
    child.on("error", reject)
    child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve(stderr) : reject(new Error(`ended by itself (${code}): ${stderr}`))))
  })

type Item = { PK: string; SK: string; isVerified?: boolean; verified?: number; rejected?: number; selected?: number }

describe("a runner killed in the middle of a file at an endpoint", () => {
  it("leaves nothing undone: the same file run again there ends as one clean run does", async () => {
    const names = uniqueName("killed")
    const env = {
      DEMAND_TABLE: `${names}-table`,
      SCORES_STREAM: `${names}-scores`,
      CAMPAIGN_DATA_STREAM: `${names}-data`,
      SCORING_BUCKET: `${names}-bucket`,
      AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey
    }
    // A queue of its own (bootstrap takes its name from the URL's last part): the run it kills leaves messages in flight,
    // which must not reach another test's runner on the shared stand-ins.
    const bootstrap = await runCli(["bootstrap", "--endpoint", endpoint.url], { env: { ...env, VERDICT_QUEUE_URL: `http://127.0.0.1/000000000000/${names}-verdicts` } })
    expect(bootstrap.code).toBe(0)
    const queueUrl = /export VERDICT_QUEUE_URL=(\S+)/.exec(bootstrap.stdout)![1]!
    const atEndpoint = { ...env, VERDICT_QUEUE_URL: queueUrl }

    // Killed soon after the file has loaded, while its consumers work through it (the writer, the entry scoring and the
    // counter run side by side, so how far each got is left to the timing): before any report.
    const killed = await killWhen(["run", "--endpoint", endpoint.url, file], atEndpoint, ": loadScoresToStream ", 300)
    expect(killed).toContain("loadScoresToStream")
    expect(killed).not.toContain("→ verdictReporter")

    const again = await runCli(["run", "--endpoint", endpoint.url, "--dump", join(root, "again"), file], { env: atEndpoint })
    expect(again.stderr.split("\n").filter((line) => line.startsWith("vf-workers"))).toEqual([])
    expect(again.code).toBe(0)
    const clean = await runCli(["run", "--in-memory", "--dump", join(root, "clean"), file], { env })
    expect(clean.code).toBe(0)

    const [after, once] = [readDump(join(root, "again")), readDump(join(root, "clean"))]
    const table = (dump: Record<string, unknown>) => withoutVolatile(dump["demand-table.json"]) as Array<Item>
    expect(table(after)).toEqual(table(once))
    const fans = table(after).filter((item) => item.PK.startsWith("fan:"))
    const summary = scrubbedFileSummary(options)
    expect(fans).toHaveLength(summary.fans)
    const counts = table(after).find((item) => item.SK === "meta:counts")!
    expect(counts).toMatchObject({
      verified: fans.filter((fan) => fan.isVerified === true).length,
      rejected: fans.filter((fan) => fan.isVerified === false).length,
      selected: 0
    })
    const posts = after["slack.json"] as Array<{ text: string }>
    expect(posts.at(-1)!.text).toContain(`${counts.verified!.toLocaleString("en-US")} verified`)
    expect(posts.at(-1)!.text).toContain(`${counts.rejected!.toLocaleString("en-US")} rejected`)
  }, 240_000)
})
