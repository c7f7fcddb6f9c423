/** A row-level error as kept in a result. */
export interface LineError {
  readonly line: number
  readonly reason: string
}

export const maxKeptErrors = 100

/** Keeps the first 100 errors of a run, in the order they happened. */
export class ErrorList {
  readonly kept: Array<LineError> = []

  add(line: number, reason: string) {
    if (this.kept.length < maxKeptErrors) this.kept.push({ line, reason })
  }

  /** The kept errors by line: stages find them in a slightly different order. */
  inLineOrder(): Array<LineError> {
    return [...this.kept].sort((a, b) => a.line - b.line)
  }
}

/** The longest reason a checkpoint carries: 100 of them stay far inside an asynchronous invocation's payload (256 KB). */
export const maxCheckpointReason = 1_000

/** Errors as a checkpoint carries them: each reason cut to maxCheckpointReason characters, marked where cut. */
export const checkpointErrors = (errors: ReadonlyArray<LineError>): Array<LineError> =>
  errors.map(({ line, reason }) => ({ line, reason: reason.length <= maxCheckpointReason ? reason : `${reason.slice(0, maxCheckpointReason - 1)}…` }))
