import { Effect } from "effect"
import { stderrLines } from "./stderrLines.js"

/** A line that stays in place and is redrawn (a load's progress bar), on a terminal. */
export interface StatusLine {
  /** The status of `id` (undefined: gone). */
  readonly show: (id: string, text: string | undefined) => Effect.Effect<void>
  /** The width it may take, in characters. */
  readonly columns: () => number
}

/** Where a run tells what it is doing while it runs: one line at a time, and a status line where there is one. */
export interface Progress {
  readonly say: (line: string) => Effect.Effect<void>
  /** Absent where there is no terminal to redraw in: the loads' progress then comes as lines every few seconds. */
  readonly status?: StatusLine
}

/** Progress on stderr, so that stdout holds the report alone (`--json` stays parseable); a status line when stderr is a terminal. */
export const progressOnStderr: Progress = {
  say: (line) => Effect.sync(() => stderrLines.line(line)),
  ...(stderrLines.onTerminal
    ? { status: { show: (id, text) => Effect.sync(() => stderrLines.status(id, text)), columns: () => stderrLines.columnsEach() } }
    : {})
}

export const noProgress: Progress = { say: () => Effect.void }

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number) => (performance.now() - started) / 1000

/** `1,234 rows/s` for `count` things in `seconds`. */
export const rate = (count: number, seconds: number, unit: string) =>
  `${Math.round(count / Math.max(seconds, 0.001)).toLocaleString("en-US")} ${unit}/s`
