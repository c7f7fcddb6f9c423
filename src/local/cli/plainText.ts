import type { Console } from "effect"

/** ANSI escape sequences (styles, cursor moves, erasing): what a terminal interprets and a file or pipe would keep as noise. */
const escapeSequences = /\x1b\[[0-9;?]*[A-Za-z]/g

/** The text without its escape sequences. */
export const withoutEscapes = (text: string) => text.replace(escapeSequences, "")

/** A stream as far as styling goes: a terminal or not. */
export interface OutputStream {
  readonly isTTY?: boolean
}

/** Whether text written to `stream` may carry styles: a terminal, unless NO_COLOR is set or TERM is dumb. */
export const takesStyles = (stream: OutputStream, env: Readonly<Record<string, string | undefined>>) =>
  stream.isTTY === true && env["NO_COLOR"] === undefined && env["TERM"] !== "dumb"

const plainArgs = (args: ReadonlyArray<unknown>) => args.map((arg) => (typeof arg === "string" ? withoutEscapes(arg) : arg))

/**
 * `console` with the styles taken out of what goes where they are not wanted: `log` (stdout)
 * and `error` (stderr) each as its stream takes them. The help @effect/cli prints is styled
 * for a terminal whatever stdout is; piped or redirected, it reads as plain text.
 */
export const plainWhereNotStyled = (console: Console.Console, styles: { readonly stdout: boolean; readonly stderr: boolean }): Console.Console => ({
  ...console,
  log: (...args) => console.log(...(styles.stdout ? args : plainArgs(args))),
  error: (...args) => console.error(...(styles.stderr ? args : plainArgs(args)))
})
