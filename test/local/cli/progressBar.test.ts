import { describe, expect, it } from "vitest"
import { bar, barLine, duration, eta, type LoadSnapshot, percent, plainLine, rowsPerSecond, shareRead } from "../../../src/local/cli/progressBar.js"

const snapshot = (over: Partial<LoadSnapshot> = {}): LoadSnapshot => ({
  label: "[1/2] scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv",
  bytes: 12_000_000,
  size: 48_000_000,
  rows: 50_000,
  seconds: 5,
  ...over
})

describe("a load's progress, as figures", () => {
  it("reads the share of the object's bytes, within 0 and 1 (an empty object read whole)", () => {
    expect(shareRead({ bytes: 25, size: 100 })).toBe(0.25)
    expect(shareRead({ bytes: 130, size: 100 })).toBe(1)
    expect(shareRead({ bytes: 0, size: 0 })).toBe(1)
  })

  it("draws a bar of the width asked, filled as far as the share", () => {
    expect(bar(0, 12)).toBe("[----------]")
    expect(bar(0.5, 12)).toBe("[#####-----]")
    expect(bar(1, 12)).toBe("[##########]")
    for (const width of [2, 7, 30]) for (const share of [0, 0.33, 0.999, 1]) expect(bar(share, width)).toHaveLength(width)
  })

  it("rounds the share down: 100% only when every byte is read", () => {
    expect(percent(0.999)).toBe("99%")
    expect(percent(1)).toBe("100%")
  })

  it("gives rows per second, none in the first tenth of a second", () => {
    expect(rowsPerSecond(50_000, 5)).toBe("10,000 rows/s")
    expect(rowsPerSecond(10, 0.05)).toBe("0 rows/s")
  })

  it("says durations in seconds, minutes or hours", () => {
    expect([duration(0), duration(42.4), duration(185), duration(3720)]).toEqual(["0 s", "42 s", "3 min 05 s", "1 h 02 min"])
  })

  it("gives the time left at the pace so far, once there is one", () => {
    // A quarter read in 5 s: three quarters left, 15 s.
    expect(eta(snapshot())).toBe("ETA 15 s")
    expect(eta(snapshot({ seconds: 0.5 }))).toBe("ETA ?")
    expect(eta(snapshot({ bytes: 0 }))).toBe("ETA ?")
    expect(eta(snapshot({ bytes: 48_000_000 }))).toBe("ETA 0 s")
  })
})

describe("a load's progress, as a line", () => {
  it("on a terminal: label, bar and figures, never wider than the terminal", () => {
    const wide = barLine(snapshot(), 200)
    expect(wide).toBe(`${snapshot().label} [#######---------------------] 25% of 48.0 MB, 50,000 rows, 10,000 rows/s, ETA 15 s`)
    for (let columns = 20; columns <= 200; columns++) expect(barLine(snapshot(), columns).length).toBeLessThanOrEqual(columns)
  })

  it("short of room, the bar narrows or goes, then the label is cut; the figures stay", () => {
    const narrow = barLine(snapshot(), 100)
    expect(narrow).toMatch(/^\[1\/2\] scrubbed\/registrants\.c\S*… \[#+-+\] 25% of 48\.0 MB, 50,000 rows, 10,000 rows\/s, ETA 15 s$/)
    expect(barLine(snapshot(), 80)).not.toContain("[#")
    expect(barLine(snapshot(), 80)).toMatch(/^\[1\/2\] scrubbed\/.*… 25% of 48\.0 MB, .*ETA 15 s$/)
  })

  it("once the whole file is read but the load goes on, says so and what is out, instead of a time left", () => {
    expect(plainLine(snapshot({ bytes: 48_000_000, rows: 200_000, out: 5_300 }))).toBe(`${snapshot().label}: all 48.0 MB read, 200,000 rows, 5,300 records out so far`)
    expect(plainLine(snapshot({ bytes: 2_500, size: 2_500, rows: 13, out: 0 }))).toBe(`${snapshot().label}: all 2.5 kB read, 13 rows, writing out the rest`)
  })

  it("without a terminal: the label and the same figures, and no escape sequence", () => {
    const line = plainLine(snapshot())
    expect(line).toBe(`${snapshot().label}: 25% of 48.0 MB, 50,000 rows, 10,000 rows/s, ETA 15 s`)
    expect(line).not.toContain("\x1b")
  })
})
