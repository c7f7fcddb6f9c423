import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runResourceEnvironment } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { comparable, readDump } from "../../support/runnerDump.js"
import { dumpFiles, runnerFiles, runnerFixtures } from "../../support/runnerFixtures.js"

/**
 * The runner at one endpoint that is not ours: moto_server (started once per test run by
 * globalSetup), as LocalStack would be — S3, SQS, DynamoDB with its stream and Kinesis on
 * one port. moto is slow (a TransactWriteItems copies the table once per action), so the
 * files are small and each table is the test's own.
 */

const fixtures = runnerFixtures
const severalFiles = runnerFiles

/** A CLI run at moto takes 10–20 s alone; on a loaded 2-core machine, with bootstraps and the in-memory run, much more. */
const endToEnd = 300_000
const perRun = 240_000

const root = mkdtempSync(join(tmpdir(), "vf-moto-"))
const dir = (name: string) => join(root, name)
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A run that must succeed, with no `vf-workers …:` failure line (the end of its stderr shown when it does not). */
const succeeds = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const run = await runCli(args, { env, timeoutMs: perRun })
  const failures = run.stderr.split("\n").filter((line) => line.startsWith("vf-workers"))
  const stderrTail = run.code === 0 ? [] : run.stderr.trimEnd().split("\n").slice(-20)
  expect({ args, failures, code: run.code, signal: run.signal, stderrTail }).toEqual({ args, failures: [], code: 0, signal: null, stderrTail: [] })
  return run
}

/** Resource names no other test uses, on moto's one endpoint, with credentials moto accepts. */
const resourcesNamed = (prefix: string) => {
  const env = runResourceEnvironment(prefix)
  return { ...env, queue: env.DEMAND_TABLE.replace(/-table$/, "-verdicts") }
}

/**
 * `vf-workers bootstrap --endpoint <moto>`, twice (the second finds everything there and
 * says the same), the queue named by VERDICT_QUEUE_URL's last part; moto's endpoint and
 * the environment of the runs, with the VERDICT_QUEUE_URL bootstrap printed. Without
 * moto, the test fails here saying why (each test, so none is counted as skipped).
 */
const bootstrapped = async (prefix: string) => {
  const moto = motoEndpoint()
  const { queue, ...names } = resourcesNamed(prefix)
  const env = { ...names, VERDICT_QUEUE_URL: `${moto}/123456789012/${queue}` }
  const first = await succeeds(["bootstrap", "--endpoint", moto], env)
  expect(first.stdout).toContain(`table ${env.DEMAND_TABLE}: stream arn:aws:dynamodb:`)
  expect(first.stdout).toContain(`stream ${env.SCORES_STREAM}: arn:aws:kinesis:`)
  expect(first.stdout).toContain(`bucket ${env.SCORING_BUCKET}`)
  expect((await succeeds(["bootstrap", "--endpoint", moto], env)).stdout).toBe(first.stdout)
  const exported = /^export VERDICT_QUEUE_URL=(\S+)$/m.exec(first.stdout)?.[1]
  expect(exported).toMatch(new RegExp(`/${queue}$`))
  return { moto, env: { ...env, VERDICT_QUEUE_URL: exported! } }
}

type Item = { PK: string; SK: string; campaignId?: string; globalUserId?: string; source?: string; isVerified?: boolean; verdict?: boolean }
type Counts = { verified: number; rejected: number; selected: number }
type Report = { files: Array<{ key: string; worker: string; result: Record<string, any> }> }
type SlackPost = { text: string; blocks?: Array<{ type: string; elements?: Array<{ text?: string }> }> }
type ScoresRecord = { partitionKey: string; data: { campaignId: string; globalUserId: string; __meta: { source: string } } }

const postedCounts = /(\d+) verified \([+-]\d+\), (\d+) rejected \([+-]\d+\), (\d+) selected \([+-]\d+\)/
const postedCampaign = /campaign `([^`]+)`/

/** Each post's campaign (its context block) and the three counts it shows. */
const postsOf = (slack: ReadonlyArray<SlackPost>) =>
  slack.map((post) => {
    const context = (post.blocks ?? []).flatMap((block) => (block.type === "context" ? (block.elements ?? []) : []))
    const campaignId = context.map((element) => postedCampaign.exec(element.text ?? "")?.[1]).find((id) => id !== undefined)
    const [, verified, rejected, selected] = postedCounts.exec(post.text) ?? []
    expect({ text: post.text, campaignId, verified }).toEqual({ text: post.text, campaignId: expect.any(String), verified: expect.any(String) })
    return { campaignId: campaignId!, counts: { verified: Number(verified), rejected: Number(rejected), selected: Number(selected) } }
  })

/** Every `failed` count in a worker's result, at any depth. */
const failedCounts = (value: unknown, key = ""): Array<number> => {
  if (typeof value === "number") return key === "failed" ? [value] : []
  if (value === null || typeof value !== "object") return []
  return Object.entries(value).flatMap(([name, field]) => failedCounts(field, name))
}

/** What SPEC says of any end state after the flow is quiet (§5, §6 as amended, §9). */
const expectSpecFacts = (dump: Record<string, unknown>) => {
  const items = dump["demand-table.json"] as Array<Item>
  const fans = items.filter((item) => item.SK.startsWith("campaign:"))
  const campaigns = [...new Set(fans.map((fan) => fan.SK.slice("campaign:".length)))].sort()
  expect(campaigns.length).toBeGreaterThan(0)
  const finalCounts = new Map<string, Counts>()
  for (const campaignId of campaigns) {
    const mine = fans.filter((fan) => fan.SK === `campaign:${campaignId}`)
    const recount = {
      verified: mine.filter((fan) => fan.isVerified === true).length,
      rejected: mine.filter((fan) => fan.isVerified === false).length,
      selected: mine.filter((fan) => fan.verdict === true).length
    }
    const counts = items.find((item) => item.PK === `campaign:${campaignId}` && item.SK === "meta:counts")
    expect({ campaignId, counts }).toEqual({ campaignId, counts: { PK: `campaign:${campaignId}`, SK: "meta:counts", ...recount } })
    finalCounts.set(campaignId, recount)
  }

  // The last post of each campaign shows its final counts; no post repeats the one before it.
  const posts = postsOf(dump["slack.json"] as Array<SlackPost>)
  for (const campaignId of campaigns) {
    const mine = posts.filter((post) => post.campaignId === campaignId).map((post) => post.counts)
    expect({ campaignId, last: mine.at(-1) }).toEqual({ campaignId, last: finalCounts.get(campaignId) })
    const repeats = mine.filter((counts, i) => i > 0 && JSON.stringify(counts) === JSON.stringify(mine[i - 1]))
    expect({ campaignId, repeats }).toEqual({ campaignId, repeats: [] })
  }

  // Every fan record a file put out is on the scores stream, keyed by its fan; nothing failed.
  const report = dump["report.json"] as Report
  const scores = dump["scores-stream.json"] as Array<ScoresRecord>
  const loads = report.files.filter((file) => file.worker === "loadScoresToStream")
  expect(loads.length).toBeGreaterThan(0)
  for (const load of loads) {
    const onStream = scores.filter((record) => record.data.__meta.source.endsWith(`/${load.key}`))
    expect({ key: load.key, onStream: onStream.length }).toEqual({ key: load.key, onStream: load.result["out"] })
  }
  expect(scores).toHaveLength(loads.reduce((total, load) => total + Number(load.result["out"]), 0))
  expect(scores.filter((record) => record.partitionKey !== record.data.globalUserId)).toEqual([])
  const streamed = new Set(scores.map((record) => `${record.data.campaignId}/${record.data.globalUserId}`))
  const fromScrubbed = fans.filter((fan) => fan.source === "scrubbed").map((fan) => `${fan.campaignId}/${fan.globalUserId}`)
  expect(fromScrubbed.filter((fan) => !streamed.has(fan))).toEqual([])
  expect(report.files.filter((file) => failedCounts(file.result).some((failed) => failed !== 0))).toEqual([])
}

/** Each dump file with what differs from run to run left out, by name (so a difference names its file). */
const expectSameDumps = (actual: Record<string, unknown>, expected: Record<string, unknown>) => {
  expect(Object.keys(actual).filter((name) => !name.startsWith("rejects/"))).toEqual(dumpFiles)
  expect(Object.keys(actual)).toEqual(Object.keys(expected))
  for (const name of Object.keys(expected)) expect({ [name]: comparable(name, actual[name]) }).toEqual({ [name]: comparable(name, expected[name]) })
}

describe("vf-workers at moto's endpoint (the LocalStack stand-in)", () => {
  it("bootstraps twice to the same resources and runs the bundled examples to the in-memory run's end state", async () => {
    const { moto, env } = await bootstrapped("moto-examples")
    const atMoto = await succeeds(["run", "--endpoint", moto, "--dump", dir("examples-moto")], env)
    expect(atMoto.stdout).toContain(`vf-workers run · endpoint ${moto} · 2 files`)
    expect(atMoto.stderr).toContain(`resources found at ${moto}: table stream arn:aws:dynamodb:`)
    await succeeds(["run", "--in-memory", "--dump", dir("examples-memory")], env)
    const dump = readDump(dir("examples-moto"))
    expectSameDumps(dump, readDump(dir("examples-memory")))
    expectSpecFacts(dump)
  }, endToEnd)

  it("runs several files of two campaigns, with invalid rows and a fan list, to the in-memory run's end state", async () => {
    const { moto, env } = await bootstrapped("moto-several")
    const run = (...args: Array<string>) => ["run", "--campaigns", `${fixtures}/campaigns.json`, ...args, ...severalFiles]
    const atMoto = await succeeds(run("--endpoint", moto, "--dump", dir("several-moto")), env)
    expect(atMoto.stdout).toContain(`vf-workers run · endpoint ${moto} · 4 files`)
    await succeeds(run("--in-memory", "--dump", dir("several-memory")), env)
    const dump = readDump(dir("several-moto"))
    expectSameDumps(dump, readDump(dir("several-memory")))
    expectSpecFacts(dump)
    // Both campaigns, each reported after each of its files.
    const posts = postsOf(dump["slack.json"] as Array<SlackPost>)
    expect(posts.map((post) => post.campaignId)).toEqual(["c2001", "c2002", "c2002", "c2001"])
  }, endToEnd)
})
