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
