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
})
