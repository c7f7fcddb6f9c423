import Papa from "papaparse"

/** One CSV record: the 1-based line of the file where it starts, and its raw fields. */
export interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
  /** Set when the parser found broken quoting in this record. */
  readonly malformed?: string
}

type Newline = "\n" | "\r\n"

interface PapaParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): {
    data: Array<Array<string>>
    errors: Array<{ code: string; message: string; row: number }>
    meta: { cursor: number }
  }
}

const ParserClass = (Papa as unknown as { Parser: new (config: object) => PapaParser }).Parser

const countNewlines = (text: string, from: number, to: number): number => {
  let count = 0
  let at = text.indexOf("\n", from)
  while (at !== -1 && at < to) {
    count++
    at = text.indexOf("\n", at + 1)
  }
  return count
}

const newlinesInFields = (fields: ReadonlyArray<string>): number => {
  let count = 0
  for (const field of fields) if (field.includes("\n")) count += countNewlines(field, 0, field.length)
  return count
}

const isBlank = (fields: ReadonlyArray<string>) => fields.length === 1 && fields[0]!.trim() === ""

/**
 * Splits CSV text pushed in arbitrary pieces into records (RFC 4180: quoted fields,
 * `""` escapes, commas and line breaks inside quotes, LF or CRLF). Blank lines are
 * skipped; every record carries the line where it starts. Text must arrive without
 * a byte-order mark (TextDecoder strips it).
 */
export class CsvSplitter {
  private pending = ""
  private nextLine = 1
  private parser: PapaParser | undefined

  push(text: string): Array<CsvRecord> {
    this.pending += text
    return this.drain(false)
  }

  end(): Array<CsvRecord> {
    return this.drain(true)
  }

  private drain(final: boolean): Array<CsvRecord> {
    const input = this.pending
    if (input.length === 0) return []
    const parser = this.parser ?? this.start(input, final)
    if (!parser) return []
    const { data, errors, meta } = parser.parse(input, 0, !final)
    const consumed = final ? input.length : meta.cursor
    this.pending = input.slice(consumed)
    return this.number(data, errors, countNewlines(input, 0, consumed), final)
  }

  /** The line ending is chosen from the first line once it is complete. */
  private start(input: string, final: boolean): PapaParser | undefined {
    const firstBreak = input.indexOf("\n")
    if (firstBreak === -1 && !final) return undefined
    const newline: Newline = firstBreak > 0 && input[firstBreak - 1] === "\r" ? "\r\n" : "\n"
    this.parser = new ParserClass({ delimiter: ",", newline, quoteChar: '"' })
    return this.parser
  }

  private number(
    rows: Array<Array<string>>,
    errors: Array<{ message: string; row: number }>,
    breaks: number,
    final: boolean
  ): Array<CsvRecord> {
    const malformed = new Map<number, string>()
    for (const error of errors) if (error.row < rows.length) malformed.set(error.row, error.message)
    // Every row ends with a break, but the last one of the file: when the consumed text
    // has no other breaks, no field spans lines and line numbers are sequential.
    const simple = breaks === (final ? rows.length - 1 : rows.length)
    const records: Array<CsvRecord> = []
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i]!
      const line = this.nextLine
      this.nextLine += 1 + (simple ? 0 : newlinesInFields(fields))
      if (isBlank(fields)) continue
      const problem = malformed.get(i)
      records.push(problem === undefined ? { line, fields } : { line, fields, malformed: problem })
    }
    return records
  }
}
