import { describe, expect, it } from "vitest"
import { RejectedLines, reasonKind } from "../../../src/pipelines/quality/RejectedLines.js"

describe("RejectedLines", () => {
  it("keeps which lines were refused and why: invalid rows by mark, the other rows' reasons by name", () => {
    const rejected = new RejectedLines()
    rejected.mark(3, 'score: expected a finite number, got "abc"')
    rejected.mark(5000, "duplicate")
    rejected.mark(7, "fan rows not contiguous")
    rejected.mark(3, "unranked") // a line marked twice counts once
    expect(rejected.size).toBe(3)
    expect(rejected.lastLine).toBe(5000)
    expect([2, 3, 4, 7, 5000, 5001].map((line) => rejected.at(line))).toEqual([
      undefined,
      "invalid",
      undefined,
      "fan rows not contiguous",
      "duplicate",
      undefined
    ])
  })

  it("counts the kinds of invalid rows, most first, without the values they quote, duplicates left out", () => {
    const rejected = new RejectedLines()
    const reasons = [
      'score: expected a finite number, got "abc"',
      'score: expected a finite number, got ""',
      "expected 5 fields, found 4",
      'score: expected a finite number, got "x"',
      "expected 5 fields, found 6",
      "unranked",
      "duplicate",
      "duplicate",
      "duplicate",
      "campaign mismatch"
    ]
    reasons.forEach((reason, i) => rejected.mark(i + 2, reason))
    expect(rejected.topReasons(3)).toEqual([
      { reason: "score: expected a finite number", count: 3 },
      { reason: "expected 5 fields", count: 2 },
      { reason: "campaign mismatch", count: 1 }
    ])
    expect(reasonKind("isVerified: expected true, false, 1 or 0, got \"yes\"")).toBe("isVerified: expected true, false, 1 or 0")
  })

  it("holds a byte per line, whatever the number of rows refused", () => {
    const rejected = new RejectedLines()
    for (let line = 2; line <= 1_000_001; line++) rejected.mark(line, "unranked")
    expect(rejected.size).toBe(1_000_000)
    expect(rejected.topReasons(3)).toEqual([{ reason: "unranked", count: 1_000_000 }])
  })
})
