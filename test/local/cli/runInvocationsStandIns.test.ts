import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { runResourceEnvironment } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { invocationsOf, withoutInvocations, withoutRequeues, writeInvocationFiles } from "../../support/invocationFiles.js"
import { comparableAsSets, readDump } from "../../support/runnerDump.js"
import { singleEndpoint, type SingleEndpoint } from "../../support/singleEndpoint.js"

/**
 * Continuations on the real protocols: with --invocation-seconds 0.4 at one endpoint (the
 * stand-ins), a generated scrubbed file and fanlist take several invocations each (the stream
 * stand-in takes a few thousand records a second at best, DynamoDB Local a few hundred
 * upserts: at 1 s, a fast moment once took the 3,000 records in one invocation), and the run
 * dumps what one run without the limit dumps in memory (the modes agree: runModes).
 */

const root = mkdtempSync(join(tmpdir(), "vf-invocations-standins-"))
let endpoint: SingleEndpoint
beforeAll(async () => void (endpoint = await singleEndpoint(inject("awsEndpoints"))))
afterAll(async () => {
  await endpoint?.close()
  rmSync(root, { recursive: true, force: true })
})

describe("vf-workers run --invocation-seconds on the stand-ins", () => {
  it("takes several invocations a file and ends as one run without the limit", async () => {
    // 3,000 fan records: more batches than are in flight at once, over several seconds of kinesis-mock.
    const files = writeInvocationFiles(join(root, "files"), 6_000, 1_600)
    const env = runResourceEnvironment("invocations")
    const dumps = { memory: join(root, "memory"), split: join(root, "split") }
    const inMemory = await runCli(["run", "--in-memory", "--dump", dumps.memory, ...files], { env })
    // A queue of its own (bootstrap takes its name from the URL's last part): other tests' runners share these stand-ins.
    const bootstrap = await runCli(["bootstrap", "--endpoint", endpoint.url], { env: { ...env, VERDICT_QUEUE_URL: `http://127.0.0.1/000000000000/${env.DEMAND_TABLE}-verdicts` } })
    expect(bootstrap.code).toBe(0)
    const atEndpoint = { ...env, VERDICT_QUEUE_URL: /export VERDICT_QUEUE_URL=(\S+)/.exec(bootstrap.stdout)![1]! }
    const split = await runCli(["run", "--endpoint", endpoint.url, "--invocation-seconds", "0.4", "--dump", dumps.split, ...files], { env: atEndpoint, timeoutMs: 170_000 })
    expect([inMemory.code, split.code]).toEqual([0, 0])
    const [whole, parts] = [readDump(dumps.memory), readDump(dumps.split)]
    const taken = new Map(invocationsOf(parts["report.json"]))
    expect(taken.get("loadScoresToStream")).toBeGreaterThan(1)
    expect(taken.get("saveFanlistScores")).toBeGreaterThan(1)
    expect(split.stderr).toMatch(/goes on in invocation 2/)
    expect(Object.keys(parts)).toEqual(Object.keys(whole))
    for (const name of Object.keys(whole)) {
      // Requeues follow timing (a report can come before its counts settle, in either run); the posts and results are compared.
      const [a, b] = name === "report.json" ? [withoutInvocations(whole[name]), withoutInvocations(parts[name])] : [whole[name], parts[name]]
      const [c, d] = [withoutRequeues(name, a), withoutRequeues(name, b)]
      expect({ [name]: comparableAsSets(name, d) }).toEqual({ [name]: comparableAsSets(name, c) })
    }
  }, 180_000)
})
