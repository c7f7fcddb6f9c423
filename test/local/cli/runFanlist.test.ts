import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const scrubbed = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
const fanlist = "examples/fanlist/scored/c1001/20261121T1000.csv"
const dir = mkdtempSync(join(tmpdir(), "vf-fanlist-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const readJson = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"))

type Item = { PK: string; SK: string; isVerified?: boolean; source?: string; score?: number; verified?: number; rejected?: number }

describe("vf-workers run --in-memory with a scrubbed file and a fanlist of one campaign", () => {
  it("gives the items, the counts of the fan items and a Slack post for each change of the counts", async () => {
    await run("node", ["bin/vf-workers.js", "run", "--in-memory", "--dump", dir, scrubbed, fanlist])
    const report = readJson("report.json")
    const fanlistResult = report.files.find((f: { worker: string }) => f.worker === "saveFanlistScores").result
    expect(fanlistResult.input).toEqual({ in: 13, invalid: 3, duplicate: 3, valid: 7 })
    expect(fanlistResult.dynamo).toEqual({ in: 7, failed: 0, out: 7 })

    const items: Array<Item> = readJson("demand-table.json")
    const fans = items.filter((i) => !i.SK.startsWith("meta:"))
    expect(fans).toHaveLength(25 - 1) // 18 scrubbed fans + 7 fanlist fans, GU1003 in both
    // GU1003 was rejected in the scrubbed file; the fanlist (isVerified absent = true) verifies it.
    expect(fans.find((i) => i.PK === "fan:GU1003")).toMatchObject({ isVerified: true, score: 0.99, source: "fanlist" })
    expect(fans.filter((i) => i.PK.startsWith("sid:") || i.PK.startsWith("email:")).map((i) => i.PK).sort()).toEqual([
      "email:pat.lee@example.com",
      "sid:M8801"
    ])
    const counts = items.find((i) => i.SK === "meta:counts")!
    expect(counts).toMatchObject({
      verified: fans.filter((i) => i.isVerified === true).length,
      rejected: fans.filter((i) => i.isVerified === false).length,
      selected: 0
    })

    const stream = readJson("campaign-data-stream.json")
    expect(stream.map((r: { partitionKey: string }) => r.partitionKey)).toEqual(["GU1003", "M8801", "GU2100", "pat.lee@example.com", "GU2101", "GU2102", "GU2104"])
    const slack = readJson("slack.json")
    expect(slack).toHaveLength(2)
    expect(slack[1].text).toMatch(new RegExp(`^Summer Tour 2026: ${counts.verified} verified \\(\\+5\\), ${counts.rejected} rejected \\(\\+1\\), 0 selected \\(\\+0\\)\\. Data quality warning: 23\\.1% of rows invalid \\(3 of 13; above 5\\.0%\\)`))
  })
})
