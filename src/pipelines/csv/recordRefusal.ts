import { type CsvRecord, malformedReason, tooLongReason } from "./csvSplitter.js"

/** Why a row holding bytes that are not UTF-8 is refused: the encoding and the column (`field N` past the header's). */
export const invalidBytesReason = (names: ReadonlyArray<string>, position: number): string => {
  const name = names[position]
  return `${name === undefined ? `field ${position + 1}` : `column "${name}"`}: bytes that are not valid UTF-8`
}

/**
 * Why a record is refused before any of its fields is read, or undefined: bytes that are
 * not UTF-8 (naming the column, from the header's `names`), a record over 1 MiB, broken
 * quoting.
 */
export const recordRefusal = (record: CsvRecord, names: ReadonlyArray<string>): string | undefined => {
  if (record.invalidBytesAt !== undefined) return invalidBytesReason(names, record.invalidBytesAt)
  if (record.tooLong === true) return tooLongReason
  if (record.malformed !== undefined) return malformedReason(record.malformed)
  return undefined
}
