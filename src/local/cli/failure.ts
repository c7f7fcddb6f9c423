import { Cause, Console, Effect } from "effect"

/** A command that failed, after saying why in one line on stderr: the process exits non-zero. */
export class CommandFailed {
  readonly _tag = "CommandFailed"
  constructor(readonly line: string) {}

  get message() {
    return this.line
  }
}

/** The error's message on one line (a multi-line one folded). */
const messageOf = (error: unknown) =>
  (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message !== ""
    ? error.message
    : String(error)
  ).replace(/\s*\n\s*/g, " ")

/** Turns every failure of `command` (but an interruption: Ctrl-C) into one line, `vf-workers <command>: <why>`. */
export const oneLineFailure =
  (command: string) =>
  <A, E, R>(program: Effect.Effect<A, E, R>): Effect.Effect<A, CommandFailed, R> =>
    Effect.catchAllCause(program, (cause) => {
      if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause as Cause.Cause<never>)
      const line = `vf-workers ${command}: ${messageOf(Cause.squash(cause))}`
      return Console.error(line).pipe(Effect.zipRight(Effect.fail(new CommandFailed(line))))
    })
