/** Erases the terminal's line from the cursor on. */
const eraseLine = "\x1b[K"
/** Between the statuses of loads that run together. */
const separator = "  |  "

/** What a terminal's status line needs of its stream. */
export interface StatusStream {
  readonly write: (text: string) => unknown
  /** The terminal's width now (it may be resized); undefined when not a terminal. */
  readonly columns: () => number | undefined
}

/**
 * Lines written to stderr with, on a terminal, status lines (the loads' progress bars) kept
 * below them: a line first erases the status, then the status is drawn again under it. Every
 * writer to stderr goes through here (progress, logs), so a bar never runs into a line. Not on
 * a terminal, statuses are not drawn at all.
 */
export class StderrLines {
  private readonly statuses = new Map<string, string>()
  private drawn = false

  constructor(
    private readonly stream: StatusStream,
    readonly onTerminal: boolean
  ) {}

  /** A whole line, under what was written before and above the status. */
  line(text: string) {
    this.stream.write(`${this.drawn ? `\r${eraseLine}` : ""}${text}\n`)
    this.drawn = false
    this.draw()
  }

  /** The status of `id` (undefined: gone), drawn in place of the one before. */
  status(id: string, text: string | undefined) {
    if (text === undefined) this.statuses.delete(id)
    else this.statuses.set(id, text)
    this.draw()
  }

  /**
   * The width a status may take: the terminal's (80 when it does not say) short of its last
   * column, since a line that fills it wraps on some terminals and \r then returns to the wrong line.
   */
  columns() {
    return Math.max(0, (this.stream.columns() ?? 80) - 1)
  }

  /** The width each status may take when they share the line (loads run together). */
  columnsEach() {
    const shown = Math.max(1, this.statuses.size)
    return Math.max(0, Math.floor((this.columns() - separator.length * (shown - 1)) / shown))
  }

  private draw() {
    if (!this.onTerminal || (!this.drawn && this.statuses.size === 0)) return
    const text = [...this.statuses.values()].join(separator).slice(0, this.columns())
    this.stream.write(`\r${text}${eraseLine}`)
    this.drawn = text !== ""
  }
}

/** Whether stderr shows a status line (a bar redrawn in place): a terminal that moves its cursor, and not CI's log. */
export const showsStatus = (stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>) =>
  stream.isTTY === true && env["TERM"] !== "dumb" && env["CI"] === undefined

/** The process's stderr, as every part of the CLI writes to it. */
export const stderrLines = new StderrLines(
  { write: (text) => process.stderr.write(text), columns: () => process.stderr.columns },
  showsStatus(process.stderr, process.env)
)
