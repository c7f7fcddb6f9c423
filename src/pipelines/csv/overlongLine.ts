import { type CsvRecord, overlongRecord } from "./csvSplitter.js"
import { completeEnd } from "./escapingUtf8.js"

/**
 * A record still open after 1 MiB: inside quotes at that point (an unterminated quote, most
 * likely), or with its quotes closed (one line too long).
 */
export type OverlongKind = "unterminated quote" | "long line"

/** The record an overlong one is read as: refused for its kind (absent: an unterminated quote), with what was kept of its fields. */
export const overlongRecordOf = (kind: OverlongKind | undefined, line: number, fields: ReadonlyArray<string>): CsvRecord =>
  kind === "long line" ? { line, fields, tooLong: true } : { line, fields, malformed: overlongRecord }

/** Bytes kept of each field, and fields kept, of an overlong record: enough to tell whose row it was. */
const keptFieldBytes = 1024
const keptFields = 256

const quote = 0x22
const comma = 0x2c
const lineFeed = 0x0a
const carriageReturn = 0x0d
/** "…" in UTF-8: ends a field that was cut. */
const cutMark = Uint8Array.of(0xe2, 0x80, 0xa6)
const needsQuotes = (field: Uint8Array) => field.some((byte) => byte === quote || byte === comma || byte === carriageReturn)

/**
 * Reads the first line of an overlong record, in pieces as they come, keeping each field's
 * first 1 KiB (cut at a character, marked "…") and the first 256 fields: memory stays flat
 * however long the line. Quotes are read as CSV's within the line; the line ends at its
 * line feed whatever the quotes (reading starts again at the next line).
 */
export class OverlongLineFields {
  private readonly fields: Array<Uint8Array> = []
  private readonly field = new Uint8Array(keptFieldBytes)
  private length = 0
  private cut = false
  private quoted = false
  /** Just after a quote that closed a quoted field: a second one is a quote of the text. */
  private closedQuote = false
  private fieldStart = true
  private ended = false

  /** Takes bytes[from…]: the position just after the line's line feed, or -1 when the line goes on past them. */
  take(bytes: Uint8Array, from: number): number {
    for (let at = from; at < bytes.length; at++) {
      const byte = bytes[at]!
      if (byte === lineFeed) {
        this.endField(true)
        this.ended = true
        return at + 1
      }
      if (this.quoted) {
        if (byte === quote) [this.quoted, this.closedQuote] = [false, true]
        else this.append(byte)
        continue
      }
      if (byte === quote && (this.closedQuote || this.fieldStart)) {
        if (this.closedQuote) this.append(quote)
        ;[this.quoted, this.closedQuote, this.fieldStart] = [true, false, false]
        continue
      }
      this.closedQuote = false
      if (byte === comma) this.endField(false)
      else {
        this.fieldStart = false
        this.append(byte)
      }
    }
    return -1
  }

  /** The fields kept, as one line of CSV (quoted where needed): the bytes of the record's block. */
  render(): Uint8Array {
    if (!this.ended) this.endField(true) // the file ended inside the line
    const parts: Array<Uint8Array> = []
    this.fields.forEach((field, i) => {
      if (i > 0) parts.push(Uint8Array.of(comma))
      if (!needsQuotes(field)) return void parts.push(field)
      parts.push(Uint8Array.of(quote), Buffer.from(Buffer.from(field).toString("latin1").replaceAll('"', '""'), "latin1"), Uint8Array.of(quote))
    })
    parts.push(Uint8Array.of(lineFeed))
    return Buffer.concat(parts)
  }

  private append(byte: number) {
    if (this.length < keptFieldBytes) this.field[this.length++] = byte
    else this.cut = true
  }

  private endField(lineEnd: boolean) {
    let end = this.cut ? completeEnd(this.field, this.length) : this.length
    if (lineEnd && !this.cut && end > 0 && this.field[end - 1] === carriageReturn) end-- // a CRLF line's end
    if (this.fields.length < keptFields) {
      const kept = this.field.slice(0, end)
      this.fields.push(this.cut ? Buffer.concat([kept, cutMark]) : kept)
    }
    this.length = 0
    this.cut = false
    this.quoted = false
    this.closedQuote = false
    this.fieldStart = true
  }
}
