import { Either } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import { requiredScrubbedColumns, ScrubbedRow, scrubbedColumns } from "../../services/schemas/ScrubbedRow.js"
import { type HeaderIndex, indexHeader } from "../shared/csvHeader.js"
import type { CsvRecord } from "../shared/csvSplitter.js"
import { compileRowDecoder } from "../shared/rowDecoder.js"
import { InvalidRow } from "../shared/rowErrors.js"

/** A valid row of a scrubbed file, with its rank resolved. */
export interface RankedRow {
  readonly line: number
  readonly rank: number
  readonly row: ScrubbedRow
}

const digits = /^\d+$/

/** rank from the `rank` field, else from the `id` suffix after the globalUserId. */
const resolveRank = (row: ScrubbedRow): number | undefined => {
  if (row.rank !== undefined) return row.rank
  const id = row.id?.trim()
  if (id === undefined || !id.startsWith(row.globalUserId)) return undefined
  const suffix = id.slice(row.globalUserId.length)
  return digits.test(suffix) ? Number(suffix) : undefined
}

/**
 * Decodes the records of one scrubbed file: the first record is its header; each row
 * after it becomes a RankedRow or an InvalidRow naming its line and reason.
 */
export class ScrubbedRowDecoder {
  private decodeRow: ((record: CsvRecord) => Either.Either<ScrubbedRow, string>) | undefined

  constructor(
    private readonly file: string,
    private readonly campaignId: string
  ) {}

  decode(records: Iterable<CsvRecord>): Either.Either<Array<Either.Either<RankedRow, InvalidRow>>, UnreadableFile> {
    const rows: Array<Either.Either<RankedRow, InvalidRow>> = []
    for (const record of records) {
      if (this.decodeRow === undefined) {
        const header = this.readHeader(record)
        if (Either.isLeft(header)) return Either.left(header.left)
        this.decodeRow = compileRowDecoder(ScrubbedRow, header.right)
        continue
      }
      rows.push(this.decodeRecord(this.decodeRow, record))
    }
    return Either.right(rows)
  }

  /** Called once the file has ended: a file with no header at all cannot be read. */
  finish(): Either.Either<void, UnreadableFile> {
    return this.decodeRow === undefined
      ? Either.left(new UnreadableFile({ file: this.file, line: 1, reason: "empty file: no header row" }))
      : Either.void
  }

  private readHeader(record: CsvRecord): Either.Either<HeaderIndex, UnreadableFile> {
    const names = record.fields.map((name) => name.trim())
    if (!names.includes("rank") && !names.includes("id")) {
      const reason = "header lacks a rank column and an id column: rows cannot be ranked"
      return Either.left(new UnreadableFile({ file: this.file, line: record.line, reason }))
    }
    return indexHeader(this.file, record, scrubbedColumns, requiredScrubbedColumns)
  }

  private decodeRecord(
    decodeRow: (record: CsvRecord) => Either.Either<ScrubbedRow, string>,
    record: CsvRecord
  ): Either.Either<RankedRow, InvalidRow> {
    const line = record.line
    const decoded = decodeRow(record)
    if (Either.isLeft(decoded)) return Either.left(new InvalidRow({ line, reason: decoded.left }))
    const row = decoded.right
    if (row.campaign_id !== undefined && row.campaign_id.trim() !== this.campaignId) {
      return Either.left(new InvalidRow({ line, reason: "campaign mismatch" }))
    }
    const rank = resolveRank(row)
    if (rank === undefined) return Either.left(new InvalidRow({ line, reason: "unranked" }))
    return Either.right({ line, rank, row })
  }
}
