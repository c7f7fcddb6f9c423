/** Small CSV files from row objects, quoted as RFC 4180 needs. */

/** Quotes a field when RFC 4180 needs it (comma, quote, line break). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value

/** One CSV line of fields, ended by `lineEnd`. */
export const csvLine = (fields: ReadonlyArray<string>, lineEnd = "\n") => fields.map(csvField).join(",") + lineEnd

export type RowValues = Readonly<Record<string, string | number | boolean | undefined>>

export interface CsvFileOptions {
  /** Header columns, in order (default: every key of the rows, in first-seen order). */
  readonly columns?: ReadonlyArray<string>
  readonly lineEnd?: "\n" | "\r\n"
  readonly bom?: boolean
}

/** CSV text of a header and rows; a value left out (or undefined) is an empty field. */
export const csvText = (rows: ReadonlyArray<RowValues>, options: CsvFileOptions = {}): string => {
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const lineEnd = options.lineEnd ?? "\n"
  const lines = [csvLine(columns, lineEnd)]
  for (const row of rows) lines.push(csvLine(columns.map((column) => (row[column] === undefined ? "" : String(row[column]))), lineEnd))
  return (options.bom ? "\uFEFF" : "") + lines.join("")
}

/** `csvText` as UTF-8 bytes. */
export const csvBytes = (rows: ReadonlyArray<RowValues>, options: CsvFileOptions = {}): Uint8Array =>
  new TextEncoder().encode(csvText(rows, options))
