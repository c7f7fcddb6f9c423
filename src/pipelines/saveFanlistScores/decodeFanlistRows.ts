import { Either } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import { FanlistRow, fanlistColumns, fanlistIdentifierColumns } from "../../services/schemas/FanlistRow.js"
import { indexHeader, unreadableHeader } from "../csv/csvHeader.js"
import type { CsvRecord } from "../csv/csvSplitter.js"
import { compileRowDecoder } from "../rows/rowDecoder.js"
import type { InvalidReasons } from "../quality/rejectsFile.js"
import { InvalidRow } from "../rows/rowErrors.js"

/** How a fanlist row names its fan: the first present of globalUserId, memberId, email. */
export type IdentifierKind = "globalUserId" | "memberId" | "email"

export interface FanlistEntry {
  readonly line: number
  readonly kind: IdentifierKind
  readonly id: string
  readonly row: FanlistRow
}

/** Decodes a fanlist's records: the first is the header; each row an entry or an InvalidRow. */
export class FanlistRowDecoder {
  private decodeRow: ((record: CsvRecord) => Either.Either<FanlistRow, string>) | undefined

  constructor(private readonly file: string) {}

  decode(records: Iterable<CsvRecord>): Either.Either<Array<Either.Either<FanlistEntry, InvalidRow>>, UnreadableFile> {
    const rows: Array<Either.Either<FanlistEntry, InvalidRow>> = []
    for (const record of records) {
      if (this.decodeRow === undefined) {
        const header = this.readHeader(record)
        if (Either.isLeft(header)) return Either.left(header.left)
        this.decodeRow = header.right
      } else rows.push(this.entry(this.decodeRow, record))
    }
    return Either.right(rows)
  }

  finish(): Either.Either<void, UnreadableFile> {
    return this.decodeRow === undefined
      ? Either.left(new UnreadableFile({ file: this.file, line: 1, reason: "empty file: no header row" }))
      : Either.void
  }

  private readHeader(record: CsvRecord) {
    const unreadable = unreadableHeader(this.file, record)
    if (unreadable !== undefined) return Either.left(unreadable)
    const names = record.fields.map((name) => name.trim())
    if (!fanlistIdentifierColumns.some((column) => names.includes(column))) {
      const reason = "header has none of the identifier columns globalUserId, memberId, email"
      return Either.left(new UnreadableFile({ file: this.file, line: record.line, reason }))
    }
    return Either.map(indexHeader(this.file, record, fanlistColumns, ["score"]), (header) => compileRowDecoder(FanlistRow, header))
  }

  private entry(decodeRow: (record: CsvRecord) => Either.Either<FanlistRow, string>, record: CsvRecord) {
    const line = record.line
    return Either.flatMap(
      Either.mapLeft(decodeRow(record), (reason) => new InvalidRow({ line, reason })),
      (row): Either.Either<FanlistEntry, InvalidRow> => {
        const kind = fanlistIdentifierColumns.find((column) => row[column] !== undefined)
        return kind === undefined
          ? Either.left(new InvalidRow({ line, reason: "no identifier: globalUserId, memberId and email are all empty" }))
          : Either.right({ line, kind, id: row[kind]!, row })
      }
    )
  }
}

/** The reason a fanlist's row is invalid, worded again from the row (the rejects file's reasons). */
export const fanlistInvalidReasons =
  (file: string): InvalidReasons =>
  (header) => {
    const decoder = new FanlistRowDecoder(file)
    decoder.decode([header])
    return (record) => {
      const [row] = Either.getOrElse(decoder.decode([record]), () => [])
      return row !== undefined && Either.isLeft(row) ? row.left.reason : undefined
    }
  }
