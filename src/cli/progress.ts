import { Effect } from "effect"

/** Where a run tells what it is doing while it runs: one line at a time. */
export interface Progress {
  readonly say: (line: string) => Effect.Effect<void>
}

/** Progress on stderr, so that stdout holds the report alone (`--json` stays parseable). */
export const progressOnStderr: Progress = { say: (line) => Effect.sync(() => void process.stderr.write(`${line}\n`)) }

export const noProgress: Progress = { say: () => Effect.void }

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number) => (performance.now() - started) / 1000

/** `1,234 rows/s` for `count` things in `seconds`. */
export const rate = (count: number, seconds: number, unit: string) =>
  `${Math.round(count / Math.max(seconds, 0.001)).toLocaleString("en-US")} ${unit}/s`
