import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const exampleKey = example.slice("examples/".length)
const dir = mkdtempSync(join(tmpdir(), "vf-dump-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// On the Node that runs the tests (20, or 24 under `npm run test:node24`).
const vfWorkers = (...args: Array<string>) => run(process.execPath, ["bin/vf-workers.js", ...args], { env: { ...process.env } })
const readJson = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"))

describe("vf-workers run --in-memory", () => {
  it("runs the example, prints the report and dumps report, stream and queue (SPEC §9)", async () => {
    const { stdout } = await vfWorkers("run", "--in-memory", "--dump", dir, example)
    expect(stdout).toContain(exampleKey)
    expect(stdout).toMatch(/rows 45: 35 valid, 9 invalid, 1 duplicate/)
    expect(stdout).toMatch(/fan records: 18 out, 0 failed/)

    const report = readJson("report.json")
    expect(report.files.map((f: { key: string; worker: string }) => [f.key, f.worker])).toEqual([
      [exampleKey, "loadScoresToStream"],
      [exampleKey, "loadScoresToDynamoDB"],
      [exampleKey, "saveEntryScoring"],
      [exampleKey, "processSavedScores"],
      [exampleKey, "verdictReporter"]
    ])
    expect(report.workers.verdictReporter).toEqual({ files: 1, input: 1, slack: { posted: 1, interim: 0, bypassed: 0, failed: 0 }, requeue: { sent: 0, failed: 0, gaveUp: 0 } })
    const result = report.files[0].result
    expect(result.in).toBe(result.valid + result.invalid + result.duplicate)
    expect(report.workers.loadScoresToStream).toEqual({ files: 1, in: 45, valid: 35, invalid: 9, duplicate: 1, out: 18, failed: 0, rejects: { rows: 10 } })
    expect(report.workers.loadScoresToDynamoDB).toEqual({ files: 1, in: 18, success: 18, created: 18, updated: 0, unchanged: 0, invalid: 0, failed: 0 })
    expect(report.workers.saveEntryScoring).toEqual({
      files: 1, records: 18, input: 17, scoring: 16, inserted: 16, updated: 0, found: 0, unmapped: 1, failed: 0
    })

    const records = readJson("scores-stream.json")
    expect(records).toHaveLength(18)
    expect(records[0].partitionKey).toBe(records[0].data.globalUserId)
    expect(records[0].data.__meta.source).toBe(`s3://vf-scoring/${exampleKey}`)
    expect(readJson("verdict-queue.json")).toMatchObject([{ body: { campaignId: "c1001", count: 18, source: exampleKey }, delaySeconds: 0 }])

    const items = readJson("demand-table.json")
    const fans = items.filter((i: { SK: string }) => !i.SK.startsWith("meta:"))
    expect(fans).toHaveLength(18)
    const keys = items.map((i: { PK: string; SK: string }) => `${i.PK} ${i.SK}`)
    expect(keys).toEqual([...keys].sort())
    const gu1004 = items.find((i: { PK: string }) => i.PK === "fan:GU1004")
    expect(gu1004).toMatchObject({ SK: "campaign:c1001", campaignId: "c1001", source: "scrubbed", rank: "0", isVerified: false })
    expect(Object.keys(gu1004.events)).toEqual(["0", "1", "2"])
    expect(gu1004.date.created).toBe(gu1004.date.updated)
    expect(fans.every((i: Record<string, unknown>) => !("phone" in i) && !("__meta" in i) && !("verdict" in i))).toBe(true)

    // Counts (SPEC §5) equal a recount of the fan items, and one Slack post shows them (SPEC §6).
    const recount = {
      verified: fans.filter((i: { isVerified: boolean }) => i.isVerified === true).length,
      rejected: fans.filter((i: { isVerified: boolean }) => i.isVerified === false).length,
      selected: 0
    }
    const meta = items.filter((i: { SK: string }) => i.SK.startsWith("meta:"))
    expect(meta.map((i: { PK: string; SK: string }) => `${i.PK} ${i.SK}`)).toEqual(["campaign:c1001 meta:counts", "campaign:c1001 meta:slack:counts"])
    expect(meta[0]).toEqual({ PK: "campaign:c1001", SK: "meta:counts", ...recount })
    expect(meta[1]).toMatchObject({ ...recount, postedAt: expect.any(String) })
    const slack = readJson("slack.json")
    expect(slack).toHaveLength(1)
    expect(slack[0].channel).toBe("#vf-verdicts-local")
    // 9 of the 45 rows are invalid (20%, above 5%): the post warns (SPEC §12), naming the rejects file.
    const warning = "Data quality warning: 20.0% of rows invalid (9 of 45; above 5.0%): score: expected a finite number (3), campaign mismatch (1), expected 23 fields (1)"
    expect(slack[0].text).toBe(`Summer Tour 2026: ${recount.verified} verified (+${recount.verified}), ${recount.rejected} rejected (+${recount.rejected}), 0 selected (+0). ${warning}`)
    expect(JSON.stringify(slack[0].blocks)).toContain(exampleKey)
    expect(JSON.stringify(slack[0].blocks)).toContain(`Every refused row: \`rejects/${exampleKey}.csv\``)
    expect(stdout).toContain("DATA QUALITY WARNING: 20.0% of rows invalid (9 of 45; above 5.0%)")
    expect(stdout).toContain(`refused rows: 10 in rejects/${exampleKey}.csv`)
    const rejects = readFileSync(join(dir, "rejects", `${exampleKey}.csv`), "utf8").trimEnd().split("\n")
    expect(rejects.map((row) => Number(row.split(",")[0]))).toEqual([NaN, 5, 6, 12, 17, 22, 27, 31, 33, 37, 45])
    expect(rejects[0]).toBe(`line,reason,${readFileSync(example, "utf8").split(/\r?\n/)[0]!.replace(/^\uFEFF/, "")}`)
    expect(stdout).toContain(`campaign c1001: ${recount.verified} verified, ${recount.rejected} rejected, 0 selected`)

    const posts = readJson("entry-service.json")
    expect(posts).toHaveLength(1)
    expect(posts[0].campaignId).toBe("c1001")
    const sent = posts[0].records.map((r: { globalUserId: string }) => r.globalUserId)
    expect(sent).toHaveLength(16)
    expect(sent).not.toContain("GU1016") // no rank-0 row
    expect(sent).not.toContain("GU1017") // rank-0 market Reno: not a market of the campaign
    expect(posts[0].records.find((r: { globalUserId: string }) => r.globalUserId === "GU1001")).toMatchObject({ marketId: "mkt-den", verdict: true })
  })

  it("runs a file again as unchanged: no item rewritten, every fan found, no second Slack post", async () => {
    const again = mkdtempSync(join(tmpdir(), "vf-again-"))
    try {
      await vfWorkers("run", "--in-memory", "--dump", again, example, example)
      const report = JSON.parse(readFileSync(join(again, "report.json"), "utf8"))
      const second = report.files.slice(5)
      expect(second.map((f: { worker: string }) => f.worker)).toEqual(["loadScoresToStream", "loadScoresToDynamoDB", "saveEntryScoring", "verdictReporter"])
      expect(second[1].result).toMatchObject({ in: 18, unchanged: 18, created: 0, updated: 0 })
      expect(second[2].result).toMatchObject({ scoring: 16, found: 16, inserted: 0 })
      // Nothing changed in the table, so nothing to count; the counts are settled and the same: no second post.
      expect(second[3].result).toMatchObject({ slack: { posted: 0, bypassed: 1 } })
      expect(JSON.parse(readFileSync(join(again, "slack.json"), "utf8"))).toHaveLength(1)
      const items = JSON.parse(readFileSync(join(again, "demand-table.json"), "utf8"))
      expect(items.filter((i: { SK: string }) => !i.SK.startsWith("meta:"))).toHaveLength(18)
    } finally {
      rmSync(again, { recursive: true, force: true })
    }
  })

  it("says in one line what is wrong with a limit that is not one (the refusal's own words, not an object)", async () => {
    const failed = (args: Array<string>) => vfWorkers(...args).then(() => expect.unreachable(), (error: { code: number; stderr: string }) => error)
    const zero = await failed(["run", "--in-memory", "--invocation-seconds", "0", example])
    expect(zero.code).toBe(1)
    expect(zero.stderr.trim()).toBe("vf-workers run: --invocation-seconds must be more than 0")
  })

  it("prints the report as JSON with --json", async () => {
    const { stdout } = await vfWorkers("run", "--in-memory", "--json", example)
    expect(JSON.parse(stdout).workers.loadScoresToStream.out).toBe(18)
  })
})
