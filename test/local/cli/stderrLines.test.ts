import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { lineEndsIn, ObjectReads } from "../../../src/local/cli/flow/objectReads.js"
import { showsStatus, StderrLines } from "../../../src/local/cli/stderrLines.js"

/** A stream that records what was written, `columns` wide. */
const recording = (columns: number | undefined) => {
  const written: Array<string> = []
  return { written, stream: { write: (text: string) => written.push(text), columns: () => columns } }
}

describe("the choice of a progress bar or plain lines", () => {
  it("draws a bar on a terminal only, not for TERM=dumb nor in CI", () => {
    expect(showsStatus({ isTTY: true }, {})).toBe(true)
    expect(showsStatus({ isTTY: false }, {})).toBe(false)
    expect(showsStatus({}, {})).toBe(false)
    expect(showsStatus({ isTTY: true }, { TERM: "dumb" })).toBe(false)
    expect(showsStatus({ isTTY: true }, { CI: "true" })).toBe(false)
  })
})

describe("stderr's lines and status line", () => {
  it("on a terminal, keeps the status under the lines: erased before a line, drawn again after it", () => {
    const { written, stream } = recording(40)
    const lines = new StderrLines(stream, true)
    lines.status("a", "[1/1] 10%")
    lines.line("a log line")
    lines.status("a", undefined)
    expect(written).toEqual(["\r[1/1] 10%\x1b[K", "\r\x1b[Ka log line\n", "\r[1/1] 10%\x1b[K", "\r\x1b[K"])
  })

  it("cuts the status short of the terminal's last column, and shares the width among loads", () => {
    const { written, stream } = recording(21)
    const lines = new StderrLines(stream, true)
    expect(lines.columns()).toBe(20)
    lines.status("a", "x".repeat(50))
    expect(written.at(-1)).toBe(`\r${"x".repeat(20)}\x1b[K`)
    lines.status("b", "y")
    expect(lines.columnsEach()).toBe(Math.floor((20 - 5) / 2))
  })

  it("not on a terminal, writes lines only: no status, no escape sequence", () => {
    const { written, stream } = recording(undefined)
    const lines = new StderrLines(stream, false)
    lines.status("a", "[1/1] 10%")
    lines.line("a log line")
    lines.status("a", undefined)
    expect(written).toEqual(["a log line\n"])
  })
})

describe("how far the loads read their objects", () => {
  const text = (s: string) => new TextEncoder().encode(s)

  it("counts line ends in a piece", () => {
    expect([lineEndsIn(text("")), lineEndsIn(text("a\nb\r\nc")), lineEndsIn(text("\n\n\n"))]).toEqual([0, 2, 3])
  })

  it("counts each read of a key on its own, and gives the one that got furthest, its rows after the header", async () => {
    const reads = new ObjectReads()
    const body = Stream.fromIterable([text("h1,h2\nr1\n"), text("r2\nr3\n")])
    await Effect.runPromise(Stream.runDrain(reads.counted("k", body)))
    // A second read (a continuation, the rejects file) stopped early: the furthest stays the first.
    await Effect.runPromise(Stream.runDrain(reads.counted("k", Stream.take(body, 1))))
    expect(reads.furthest("k")).toEqual({ bytes: 15, rows: 3 })
    expect(reads.furthest("other")).toEqual({ bytes: 0, rows: 0 })
    reads.forget("k")
    expect(reads.furthest("k")).toEqual({ bytes: 0, rows: 0 })
  })
})
