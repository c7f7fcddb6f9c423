/**
 * The rows a file's load refused, as a rejects file needs them (SPEC §12): which lines, and
 * why, in memory flat in the number of rejects. A line is marked with one byte: an invalid
 * row (its reason is worded again from the row when the rejects file is written: a row's
 * rule breaks depend on the row alone), or one of the reasons that depend on the other rows
 * (`duplicate`, `fan rows not contiguous`), kept by index. The kinds of the invalid rows'
 * reasons (every reason but `duplicate`) are counted for the data-quality warning.
 */
export class RejectedLines {
  /** Byte per line (0: kept; 1: invalid; 2 + i: contextReasons[i]), grown as lines come. */
  private marks = new Uint8Array(0)
  private readonly kinds = new Map<string, number>()
  private marked = 0
  private last = 0

  constructor(private readonly contextReasons: ReadonlyArray<string> = ["duplicate", "fan rows not contiguous"]) {}

  /** How many rows are marked. */
  get size(): number {
    return this.marked
  }

  /** The highest line marked (0: none). */
  get lastLine(): number {
    return this.last
  }

  /** Marks a refused row's line with its reason; a line marked twice counts once. */
  mark(line: number, reason: string) {
    const context = this.contextReasons.indexOf(reason)
    if (line >= this.marks.length) this.grow(line)
    if (this.marks[line] !== 0) return
    this.marks[line] = context === -1 ? 1 : 2 + context
    this.marked++
    this.last = Math.max(this.last, line)
    if (reason !== "duplicate") this.countKind(reasonKind(reason))
  }

  /** What the line was marked with: "invalid" (the row's own reason), a context reason, or undefined when kept. */
  at(line: number): "invalid" | string | undefined {
    const mark = this.marks[line] ?? 0
    return mark === 0 ? undefined : mark === 1 ? "invalid" : this.contextReasons[mark - 2]
  }

  /** Whether any line in [from, to) is marked. */
  anyIn(from: number, to: number): boolean {
    const end = Math.min(to, this.marks.length)
    for (let line = from; line < end; line++) if (this.marks[line] !== 0) return true
    return false
  }

  /** The most frequent kinds of invalid rows, most first (ties by name), with their counts. */
  topReasons(n: number): Array<{ readonly reason: string; readonly count: number }> {
    return [...this.kinds]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, n)
      .map(([reason, count]) => ({ reason, count }))
  }

  private countKind(kind: string) {
    // Kinds come from the decoders' wording (a column and a rule): a few dozen at most; the cap is a guard.
    const key = this.kinds.has(kind) || this.kinds.size < maxKinds ? kind : "other reasons"
    this.kinds.set(key, (this.kinds.get(key) ?? 0) + 1)
  }

  private grow(line: number) {
    const next = new Uint8Array(Math.max(line + 1, this.marks.length * 2, 1024))
    next.set(this.marks)
    this.marks = next
  }
}

const maxKinds = 64

/**
 * A reason without the value it quotes: `score: expected a finite number, got "abc"` →
 * `score: expected a finite number`; `expected 5 fields, found 4` → `expected 5 fields`.
 */
export const reasonKind = (reason: string): string => reason.split(/, (?:got|found) /)[0]!
