import { Either } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import type { CsvRecord } from "./csvSplitter.js"
import { recordRefusal } from "./recordRefusal.js"

/** Where each known column sits in a file's header. */
export interface HeaderIndex {
  readonly width: number
  /** Every column's name (trimmed), by position: what a row's reasons call its fields. */
  readonly names: ReadonlyArray<string>
  /** [column name, field position] of each known column present. */
  readonly columns: ReadonlyArray<readonly [string, number]>
  readonly has: (column: string) => boolean
}

/** A header record that cannot be read as one (bytes not UTF-8, over 1 MiB, broken quoting): the file cannot be read. */
export const unreadableHeader = (file: string, header: CsvRecord): UnreadableFile | undefined => {
  const refusal = recordRefusal(header, [])
  return refusal === undefined ? undefined : new UnreadableFile({ file, line: header.line, reason: `header: ${refusal}` })
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
  const unreadable = unreadableHeader(file, header)
  if (unreadable !== undefined) return Either.left(unreadable)
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
  return Either.right({ width: names.length, names, columns, has: (column) => present.has(column) })
}
