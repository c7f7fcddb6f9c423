import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Exit, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runResourceEnvironment } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { motoServer, resetMoto } from "../../support/motoServer.js"
import { comparable, readDump } from "../../support/runnerDump.js"

/**
 * An endpoint reset between runs (`POST /moto-api/reset`, as one resets LocalStack) and
 * bootstrapped again: the streams are made again under their names, their sequence numbers
 * start over, and the checkpoints the first run kept at that endpoint belong to the old
 * ones. The second run must read the new streams whole and end as the first did. moto is
 * a server of this test's own: a reset clears every account, and the shared one serves
 * other tests meanwhile.
 */

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const perRun = 240_000

const root = mkdtempSync(join(tmpdir(), "vf-moto-reset-"))
const scope = Effect.runSync(Scope.make())
let moto = ""

beforeAll(async () => {
  moto = (await Effect.runPromise(Scope.extend(motoServer(), scope))).endpoint
}, 90_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  rmSync(root, { recursive: true, force: true })
})

/** A CLI command that must succeed with no `vf-workers …:` failure line (the end of its stderr shown when it does not). */
const succeeds = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const run = await runCli(args, { env, timeoutMs: perRun })
  const failures = run.stderr.split("\n").filter((line) => line.startsWith("vf-workers"))
  const stderrTail = run.code === 0 ? [] : run.stderr.trimEnd().split("\n").slice(-20)
  expect({ args, failures, code: run.code, stderrTail }).toEqual({ args, failures: [], code: 0, stderrTail: [] })
  return run
}

/** `vf-workers bootstrap`, and the environment of the runs with the VERDICT_QUEUE_URL it printed. */
const bootstrap = async (env: Record<string, string>) => {
  const printed = await succeeds(["bootstrap", "--endpoint", moto], env)
  const queueUrl = /^export VERDICT_QUEUE_URL=(\S+)$/m.exec(printed.stdout)?.[1]
  expect(queueUrl).toBeDefined()
  return { ...env, VERDICT_QUEUE_URL: queueUrl! }
}

describe("vf-workers run at an endpoint reset and bootstrapped again", () => {
  it("reads the streams made again from their oldest record: the second run ends as the first", async () => {
    const names = runResourceEnvironment("moto-reset")
    const queue = names.DEMAND_TABLE.replace(/-table$/, "-verdicts")
    const base = { ...names, VERDICT_QUEUE_URL: `${moto}/123456789012/${queue}`, VF_WORKERS_STATE_DIR: join(root, "state") }
    const dumps = [join(root, "first"), join(root, "second")] as const

    await succeeds(["run", "--endpoint", moto, "--dump", dumps[0], example], await bootstrap(base))
    await resetMoto(moto)
    await succeeds(["run", "--endpoint", moto, "--dump", dumps[1], example], await bootstrap(base))

    const [first, second] = dumps.map(readDump) as [Record<string, unknown>, Record<string, unknown>]
    // The first run did the work (its records, items and post), so that an equal second run means it read them too.
    expect((first["scores-stream.json"] as Array<unknown>).length).toBeGreaterThan(0)
    expect((first["demand-table.json"] as Array<unknown>).length).toBeGreaterThan(0)
    expect((first["slack.json"] as Array<unknown>).length).toBeGreaterThan(0)
    expect(Object.keys(second)).toEqual(Object.keys(first))
    for (const name of Object.keys(first)) expect({ [name]: comparable(name, second[name]) }).toEqual({ [name]: comparable(name, first[name]) })
  }, 2 * perRun)
})
