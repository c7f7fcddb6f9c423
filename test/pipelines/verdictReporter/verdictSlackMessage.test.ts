import { describe, expect, it } from "@effect/vitest"
import { verdictSlackMessage } from "../../../src/pipelines/verdictReporter/verdictSlackMessage.js"

describe("the verdict Slack message", () => {
  it("shows the campaign's name, each count with its change since the last report, and the source file", () => {
    const message = verdictSlackMessage({
      campaignId: "c1001",
      campaignName: "Summer Tour 2026",
      counts: { verified: 75_000, rejected: 1_200, selected: 10 },
      previous: { verified: 72_000, rejected: 1_250, selected: 10, postedAt: "2026-11-20T09:00:00.000Z" },
      source: "scrubbed/registrants.c1001.x.csv"
    })
    expect(message.text).toBe("Summer Tour 2026: 75,000 verified (+3,000), 1,200 rejected (−50), 10 selected (+0)")
    const json = JSON.stringify(message.blocks)
    for (const part of ["Summer Tour 2026", "75,000 verified (+3,000)", "1,200 rejected (−50)", "scrubbed/registrants.c1001.x.csv", "c1001"]) {
      expect(json).toContain(part)
    }
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context"])
  })

  it("counts the change from zero for a first report", () => {
    const message = verdictSlackMessage({ campaignId: "c1", campaignName: "c1", counts: { verified: 3, rejected: 1, selected: 0 }, previous: undefined, source: undefined })
    expect(message.text).toBe("c1: 3 verified (+3), 1 rejected (+1), 0 selected (+0)")
  })

  const counts = { verified: 9_000, rejected: 800, selected: 0 }
  const quality = {
    invalid: 1_200,
    rows: 10_000,
    share: 0.12,
    maxInvalid: 0.05,
    reasons: [
      { reason: "score: expected a finite number", count: 800 },
      { reason: "unranked", count: 300 },
      { reason: "campaign mismatch", count: 100 }
    ],
    rejects: "rejects/scrubbed/registrants.c1.x.csv.csv"
  }

  it("warns of a file over the invalid-rows threshold: the share, the top three reasons with their counts, the rejects file (SPEC §12)", () => {
    const message = verdictSlackMessage({ campaignId: "c1", campaignName: "Tour", counts, previous: undefined, source: "scrubbed/registrants.c1.x.csv", rejects: quality.rejects, quality })
    const summary = "12.0% of rows invalid (1,200 of 10,000; above 5.0%): score: expected a finite number (800), unranked (300), campaign mismatch (100)"
    expect(message.text).toBe(`Tour: 9,000 verified (+9,000), 800 rejected (+800), 0 selected (+0). Data quality warning: ${summary}`)
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"])
    expect(JSON.stringify(message.blocks[2])).toContain(`:warning: *Data quality:* ${summary}. Every refused row: \`${quality.rejects}\``)
  })

  it("names the rejects file of a file under the threshold, without a warning", () => {
    const message = verdictSlackMessage({ campaignId: "c1", campaignName: "Tour", counts, previous: undefined, source: undefined, rejects: quality.rejects })
    expect(message.text).not.toContain("Data quality")
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context"])
    expect(JSON.stringify(message.blocks[2])).toContain(`refused rows in \`${quality.rejects}\``)
  })
})
