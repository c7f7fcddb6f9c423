import Papa from "papaparse"
import { firstIllFormed, isWellFormed } from "./escapingUtf8.js"

/** One CSV record: the 1-based line of the file where it starts, and its raw fields. */
export interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
  /** Set when the parser found broken quoting in this record. */
  readonly malformed?: string
  /** Set for a record over maxRecordLength with its quotes closed: one line too long, not a quoting problem. */
  readonly tooLong?: true
  /** The position of its first field holding bytes that are not UTF-8 (escaped: see escapingUtf8). */
  readonly invalidBytesAt?: number
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

/** Why a record still open after maxRecordLength, inside quotes, is refused. */
export const overlongRecord = "record longer than 1 MiB (unterminated quote?)"

/** Why a record over maxRecordLength with its quotes closed is refused (tooLong). */
export const tooLongReason = "record longer than 1 MiB"

/** Whether text leaves a quote open (an odd number of quotes). */
export const leavesQuoteOpen = (text: string): boolean => {
  let open = false
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) open = !open
  return open
}

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
 * a byte-order mark (EscapingUtf8Decoder strips it), bytes that are not UTF-8 escaped
 * (a record holding some says where: invalidBytesAt).
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
    if (!parser) return input.length > maxRecordLength ? this.skipOverlongRecord() : [] // a first line over the limit
    const { data, errors, meta } = parser.parse(input, 0, !final)
    const consumed = final ? input.length : meta.cursor
    this.pending = input.slice(consumed)
    const records = this.number(data, errors, this.oneLineEach(input, consumed, data.length, final), !isWellFormed(input))
    return this.pending.length > maxRecordLength ? [...records, ...this.skipOverlongRecord()] : records
  }

  /**
   * A record still open after 1 MiB is refused, and reading starts again at the next line:
   * one bad quote (or one over-long line) costs one row, not the rest of the file. Inside
   * quotes at that point, it is malformed (an unterminated quote, most likely); else it is
   * one line too long.
   */
  private skipOverlongRecord(): Array<CsvRecord> {
    const line = this.nextLine
    const record: CsvRecord = leavesQuoteOpen(this.pending) ? { line, fields: [], malformed: overlongRecord } : { line, fields: [], tooLong: true }
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

  /** Records with their lines; when the text held bytes that are not UTF-8 (`escaped`), each record's fields are checked for them. */
  private number(rows: Array<Array<string>>, errors: Array<{ message: string; row: number }>, simple: boolean, escaped: boolean): Array<CsvRecord> {
    const malformed = new Map<number, string>()
    for (const error of errors) if (error.row < rows.length) malformed.set(error.row, error.message)
    const records: Array<CsvRecord> = []
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i]!
      const line = this.nextLine
      this.nextLine += 1 + (simple ? 0 : newlinesInFields(fields))
      if (isBlank(fields)) continue
      const problem = malformed.get(i)
      const invalidBytesAt = escaped ? firstIllFormed(fields) : -1
      if (problem === undefined && invalidBytesAt === -1) records.push(new WellFormedRecord(line, fields))
      else records.push({ line, fields, ...(problem === undefined ? {} : { malformed: problem }), ...(invalidBytesAt === -1 ? {} : { invalidBytesAt }) })
    }
    return records
  }
}
