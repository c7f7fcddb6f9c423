import { Either } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import type { CsvRecord } from "./csvSplitter.js"

/** Where each known column sits in a file's header. */
export interface HeaderIndex {
  readonly width: number
  /** [column name, field position] of each known column present. */
  readonly columns: ReadonlyArray<readonly [string, number]>
  readonly has: (column: string) => boolean
}

/**
 * Indexes a header row: names are trimmed and matched exactly, unknown columns are
 * ignored, and a missing required column fails the whole file.
 */
export const indexHeader = (
  file: string,
  header: CsvRecord,
  known: ReadonlyArray<string>,
  required: ReadonlyArray<string>
): Either.Either<HeaderIndex, UnreadableFile> => {
  const names = header.fields.map((name) => name.trim())
  const missing = required.filter((column) => !names.includes(column))
  if (missing.length > 0) {
    return Either.left(
      new UnreadableFile({
        file,
        line: header.line,
        reason: `header lacks required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`
      })
    )
  }
  const columns = known.flatMap((column) => {
    const position = names.indexOf(column)
    return position === -1 ? [] : [[column, position] as const]
  })
  const present = new Set(columns.map(([column]) => column))
  return Either.right({ width: names.length, columns, has: (column) => present.has(column) })
}
