import Papa from "papaparse"

/** One CSV record: the 1-based line of the file where it starts, and its raw fields. */
export interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
  /** Set when the parser found broken quoting in this record. */
  readonly malformed?: string
}

type Newline = "\n" | "\r\n"

/**
 * A well-formed record, made with `new` rather than as an object literal: records of a
 * chunk all live until the chunk is handled, and V8 would pretenure a literal's
 * allocation site, making every record cost a full collection.
 */
class WellFormedRecord implements CsvRecord {
  constructor(
    readonly line: number,
    readonly fields: ReadonlyArray<string>
  ) {}
}

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

/** Longer than any record a stream accepts (1 MiB): an unterminated quote, most likely. */
export const maxRecordLength = 1024 * 1024

/** Why a record still open after maxRecordLength is refused. */
export const overlongRecord = "record longer than 1 MiB (unterminated quote?)"

/** The reason a row with broken quoting is refused, as the row decoders word it. */
export const malformedReason = (malformed: string) => `malformed quoted field: ${malformed}`

/**
 * Text gathered before the parser runs: a producer of small pieces (16 KiB) costs a
 * parser call, and its fixed work, per piece; 32 Ki characters at a time or more cost less.
 */
const parseAtLeast = 32 * 1024

/** The first line break outside quotes, or -1 while the text has none. */
const firstLineBreak = (text: string): number => {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) quoted = !quoted
    else if (c === 10 && !quoted) return i
  }
  return -1
}

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
  /** Inside a record over the limit: text is dropped up to the next line break. */
  private skipping = false

  push(text: string): Array<CsvRecord> {
    this.pending += this.skipping ? this.afterLineBreak(text) : text
    return this.pending.length < parseAtLeast ? [] : this.drain(false)
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
    const records = this.number(data, errors, this.oneLineEach(input, consumed, data.length, final))
    return this.pending.length > maxRecordLength ? [...records, ...this.skipOverlongRecord()] : records
  }

  /**
   * A record still open after 1 MiB is refused as malformed, and reading starts again
   * at the next line: one bad quote costs one row, not the rest of the file.
   */
  private skipOverlongRecord(): Array<CsvRecord> {
    const record = { line: this.nextLine, fields: [], malformed: overlongRecord }
    this.nextLine += 1
    this.skipping = true
    this.pending = this.afterLineBreak(this.pending)
    return [record, ...this.drain(false)]
  }

  private afterLineBreak(text: string): string {
    const at = text.indexOf("\n")
    if (at === -1) return ""
    this.skipping = false
    return text.slice(at + 1)
  }

  /** The line ending is chosen from the first line once it is complete. */
  private start(input: string, final: boolean): PapaParser | undefined {
    const firstBreak = firstLineBreak(input)
    if (firstBreak === -1 && !final) return undefined
    const newline: Newline = firstBreak > 0 && input[firstBreak - 1] === "\r" ? "\r\n" : "\n"
    this.parser = new ParserClass({ delimiter: ",", newline, quoteChar: '"' })
    return this.parser
  }

  /**
   * Whether each row of the consumed text is one line. Every row ends with a break but
   * the last one of the file: with no quote in the text no field can span lines (no
   * need to count), else the breaks are counted.
   */
  private oneLineEach(input: string, consumed: number, rows: number, final: boolean): boolean {
    const quote = input.indexOf('"')
    if (quote === -1 || quote >= consumed) return true
    return countNewlines(input, 0, consumed) === (final ? rows - 1 : rows)
  }

  private number(rows: Array<Array<string>>, errors: Array<{ message: string; row: number }>, simple: boolean): Array<CsvRecord> {
    const malformed = new Map<number, string>()
    for (const error of errors) if (error.row < rows.length) malformed.set(error.row, error.message)
    const records: Array<CsvRecord> = []
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i]!
      const line = this.nextLine
      this.nextLine += 1 + (simple ? 0 : newlinesInFields(fields))
      if (isBlank(fields)) continue
      const problem = malformed.get(i)
      records.push(problem === undefined ? new WellFormedRecord(line, fields) : { line, fields, malformed: problem })
    }
    return records
  }
}
