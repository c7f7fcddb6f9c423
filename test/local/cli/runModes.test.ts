import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { runResourceEnvironment, testCredentials, uniqueName } from "../../support/awsTestConfig.js"
import { lastLine, runCli } from "../../support/cliRun.js"
import { comparable, readDump } from "../../support/runnerDump.js"
import { singleEndpoint, type SingleEndpoint } from "../../support/singleEndpoint.js"
import { standInProcessesOf } from "../../support/standins/standInProcesses.js"
import { dumpedRejects, dumpFilesWith, exampleKeys, runnerFiles, runnerFixtures } from "../../support/runnerFixtures.js"

const fixtures = runnerFixtures
const files = runnerFiles
const keys = files.map((file) => file.slice(`${fixtures}/`.length))

const root = mkdtempSync(join(tmpdir(), "vf-modes-"))
const dir = (name: string) => join(root, name)
let endpoint: SingleEndpoint
beforeAll(async () => void (endpoint = await singleEndpoint(inject("awsEndpoints"))))
afterAll(async () => {
  await endpoint?.close()
  rmSync(root, { recursive: true, force: true })
})

/** A run that must succeed; its stand-ins must be gone once it has exited. */
const succeeds = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const run = await runCli(args, { env })
  expect(run.stderr.split("\n").filter((line) => line.startsWith("vf-workers"))).toEqual([])
  expect(run.code).toBe(0)
  expect(standInProcessesOf(run.pid)).toEqual([])
  return run
}

type Item = { PK: string; SK: string; isVerified?: boolean; verdict?: boolean; verified?: number; rejected?: number; selected?: number }
type Report = { files: Array<{ key: string; worker: string; result: Record<string, any> }>; workers: Record<string, Record<string, any>> }

/** A CLI run on stand-ins takes seconds; several, on a loaded 2-core machine, take more. */
const endToEnd = 120_000

describe("vf-workers run in its three modes", () => {
  it("runs the bundled examples through the embedded stand-ins to the same end state as in memory", async () => {
    const embedded = await succeeds(["run", "--json", "--dump", dir("examples-embedded")])
    await succeeds(["run", "--in-memory", "--dump", dir("examples-memory")])
    // --json: stdout is the report alone, as report.json has it; progress went to stderr.
    expect(JSON.parse(embedded.stdout)).toEqual(readDump(dir("examples-embedded"))["report.json"])
    expect(embedded.stderr).toMatch(/ready in [\d.]+ s: DynamoDB Local http:\/\/127\.0\.0\.1:\d+, kinesis-mock http:\/\/127\.0\.0\.1:\d+/)
    expect(embedded.stderr).toContain("[2/2] fanlist/scored/c1001/20261121T1000.csv: saveFanlistScores 13 rows")
    expect(embedded.stderr.trimEnd().split("\n").at(-1)).toBe("stand-ins stopped")
    const [inMemory, real] = [readDump(dir("examples-memory")), readDump(dir("examples-embedded"))]
    expect(Object.keys(real)).toEqual(dumpFilesWith(exampleKeys))
    for (const name of Object.keys(real)) expect({ [name]: comparable(name, real[name]) }).toEqual({ [name]: comparable(name, inMemory[name]) })
  }, endToEnd)

  it("gives equal dumps in memory, on the embedded stand-ins and at one endpoint for several campaigns and files with invalid rows", async () => {
    const env = runResourceEnvironment("modes")
    const run = (...args: Array<string>) => ["run", "--campaigns", `${fixtures}/campaigns.json`, ...args, ...files]
    await succeeds(run("--in-memory", "--dump", dir("memory")), env)
    const embedded = await succeeds(run("--dump", dir("embedded")), env)
    expect(embedded.stdout).toMatch(/^vf-workers run · embedded AWS stand-ins · 4 files in /)
    expect(embedded.stdout).toContain("campaign c2002: 3 verified, 3 rejected, 0 selected")
    const bootstrap = await succeeds(["bootstrap", "--endpoint", endpoint.url], env)
    expect(bootstrap.stdout).toContain(`table ${env.DEMAND_TABLE}: stream arn:aws:dynamodb:`)
    expect((await succeeds(["bootstrap", "--endpoint", endpoint.url], env)).stdout).toBe(bootstrap.stdout)
    const atEndpoint = await succeeds(run("--endpoint", endpoint.url, "--dump", dir("endpoint")), env)
    expect(atEndpoint.stdout).toContain(`vf-workers run · endpoint ${endpoint.url} · 4 files`)
    expect(atEndpoint.stdout).toContain("campaign c2001: 4 verified, 2 rejected, 0 selected")
    expect(atEndpoint.stdout).toContain("  posted to #vf-verdicts-local: Winter Club Nights: 3 verified (+1), 3 rejected (+1), 0 selected (+0)")

    const dumps = ["memory", "embedded", "endpoint"].map((mode) => readDump(dir(mode)))
    // Each file with refused rows (all but the last) has its rejects file in the dump too (SPEC §12).
    for (const dump of dumps) expect(Object.keys(dump)).toEqual(dumpFilesWith(keys.slice(0, 3)))
    for (const name of Object.keys(dumps[0]!)) {
      const [memory, ...others] = dumps.map((dump) => ({ [name]: comparable(name, dump[name]) }))
      for (const other of others) expect(other).toEqual(memory)
    }

    // What the dumps hold is what SPEC says of these files.
    const dump = dumps[1]!
    const report = dump["report.json"] as Report
    expect(report.files.map((file) => file.key)).toEqual([
      ...Array(5).fill(keys[0]),
      ...Array(5).fill(keys[1]),
      ...Array(3).fill(keys[2]),
      ...Array(5).fill(keys[3])
    ])
    const [first, second] = [report.files[0]!.result, report.files[5]!.result]
    expect(first).toMatchObject({ campaignId: "c2001", in: 12, valid: 6, invalid: 5, duplicate: 1, out: 5, failed: 0 })
    expect(first["errors"]).toEqual([
      { line: 5, reason: "duplicate" },
      { line: 6, reason: 'score: expected a finite number, got "oops"' },
      { line: 7, reason: 'isVerified: expected true, false, 1 or 0, got "maybe"' },
      { line: 8, reason: "campaign mismatch" },
      { line: 9, reason: "expected 11 fields, found 5" },
      { line: 12, reason: "fan rows not contiguous" }
    ])
    // Its rejects file, written to the stand-in's S3 and copied into the dump: every refused row, in line order.
    expect(first).toMatchObject({ rejects: { key: dumpedRejects(keys[0]!), rows: 6 }, quality: { invalid: 5, rows: 12, maxInvalid: 0.05 } })
    const rejected = (dump[dumpedRejects(keys[0]!)] as string).trimEnd().split("\n")
    expect(rejected[0]).toMatch(/^line,reason,/)
    expect(rejected.slice(1).map((row) => Number(row.split(",")[0]))).toEqual([5, 6, 7, 8, 9, 12])
    expect(second).toMatchObject({ campaignId: "c2002", in: 6, valid: 5, invalid: 1, duplicate: 0, out: 4, errors: [{ line: 5, reason: "unranked" }] })
    expect(report.files[10]!.result).toMatchObject({
      campaignId: "c2002",
      input: { in: 6, invalid: 2, duplicate: 1, valid: 3 },
      dynamo: { in: 3, failed: 0, out: 3 },
      stream: { in: 3, failed: 0, out: 3 }
    })
    expect(report.files[14]!.result).toMatchObject({ in: 3, created: 1, updated: 1, unchanged: 1 })

    // Counts equal a recount of each campaign's fan items, and each change of them was posted once.
    const items = dump["demand-table.json"] as Array<Item>
    for (const campaignId of ["c2001", "c2002"]) {
      const fans = items.filter((item) => item.SK === `campaign:${campaignId}`)
      const counts = items.find((item) => item.PK === `campaign:${campaignId}` && item.SK === "meta:counts")
      expect(counts).toEqual({
        PK: `campaign:${campaignId}`,
        SK: "meta:counts",
        verified: fans.filter((fan) => fan.isVerified === true).length,
        rejected: fans.filter((fan) => fan.isVerified === false).length,
        selected: fans.filter((fan) => fan.verdict === true).length
      })
    }
    expect(items.filter((item) => item.SK.startsWith("campaign:")).map((item) => item.PK)).toEqual([
      "email:zed@example.com",
      "fan:AA01",
      "fan:AA02",
      "fan:AA07",
      "fan:AA08",
      "fan:AA09",
      "fan:AA10",
      "fan:BB01",
      "fan:BB02",
      "fan:BB04",
      "fan:BB05",
      "sid:M-B9"
    ])
    const slack = dump["slack.json"] as Array<{ text: string }>
    expect(slack.map((post) => post.text)).toEqual([
      // The first three files have over 5% of their rows invalid: their reports warn (SPEC §12).
      "Autumn Arena 2026: 3 verified (+3), 2 rejected (+2), 0 selected (+0). Data quality warning: 41.7% of rows invalid (5 of 12; above 5.0%): campaign mismatch (1), expected 11 fields (1), fan rows not contiguous (1)",
      "Winter Club Nights: 2 verified (+2), 2 rejected (+2), 0 selected (+0). Data quality warning: 16.7% of rows invalid (1 of 6; above 5.0%): unranked (1)",
      "Winter Club Nights: 3 verified (+1), 3 rejected (+1), 0 selected (+0). Data quality warning: 33.3% of rows invalid (2 of 6; above 5.0%): email: expected an e-mail address (one @, text on both sides, a dot in the domain) (1), no identifier: globalUserId, memberId and email are all empty (1)",
      "Autumn Arena 2026: 4 verified (+1), 2 rejected (+0), 0 selected (+0)"
    ])
    const posts = dump["entry-service.json"] as Array<{ campaignId: string; records: Array<{ globalUserId: string; marketId: string }> }>
    expect(posts.map((post) => [post.campaignId, post.records.map((r) => `${r.globalUserId}@${r.marketId}`)])).toEqual([
      ["c2001", ["AA01@mkt-bos", "AA02@mkt-sea", "AA07@mkt-bos"]],
      ["c2002", ["BB01@mkt-mia", "BB02@mkt-pdx", "BB04@mkt-mia"]],
      ["c2001", ["AA01@mkt-bos", "AA02@mkt-sea", "AA10@mkt-bos"]]
    ])
    const scores = dump["scores-stream.json"] as Array<{ partitionKey: string; data: { globalUserId: string; __meta: { source: string } } }>
    expect(scores).toHaveLength(12)
    expect(scores.every((record) => record.partitionKey === record.data.globalUserId)).toBe(true)
    expect(scores[0]!.data.__meta.source).toBe(`s3://${env.SCORING_BUCKET}/${keys[0]}`)
    const queue = dump["verdict-queue.json"] as Array<{ body: { campaignId: string; count: number }; delaySeconds: number }>
    expect(queue.map((message) => [message.body.campaignId, message.body.count, message.delaySeconds])).toEqual([
      // A second file of a campaign is reported as soon as its changes are counted: no requeue (SPEC §6, amended).
      ["c2001", 5, 0],
      ["c2002", 4, 0],
      ["c2002", 3, 0],
      ["c2001", 3, 0]
    ])
  }, endToEnd)

  it("at an endpoint without the resources, says in one line which is missing and how to make it, and creates nothing", async () => {
    const table = uniqueName("absent")
    const env = { DEMAND_TABLE: table, AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey }
    const args = ["run", "--endpoint", endpoint.url, files[0]!]
    const first = await runCli(args, { env })
    expect(first.code).toBe(1)
    expect(lastLine(first.stderr)).toBe(`vf-workers run: table ${table}: not found: create the resources with \`vf-workers bootstrap --endpoint URL\``)
    expect(first.stdout).toBe("")
    expect(lastLine((await runCli(args, { env })).stderr)).toBe(lastLine(first.stderr))
    // Options that exclude each other are refused in the command's own words.
    const both = await runCli(["run", "--in-memory", "--endpoint", endpoint.url, files[0]!])
    expect(both.code).toBe(1)
    expect(lastLine(both.stderr)).toBe("vf-workers run: --in-memory and --endpoint exclude each other: choose one")
  }, endToEnd)

})
