import { Either } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import { requiredScrubbedColumns, ScrubbedRow, scrubbedColumns } from "../../services/schemas/ScrubbedRow.js"
import { indexHeader, unreadableHeader } from "../csv/csvHeader.js"
import type { CsvRecord } from "../csv/csvSplitter.js"
import { recordRefusal } from "../csv/recordRefusal.js"
import { compileRowReader, type RowReader } from "../rows/rowDecoder.js"
import type { InvalidReasons } from "../quality/rejectsFile.js"
import { InvalidRow } from "../rows/rowErrors.js"

/** A valid row of a scrubbed file, with its rank resolved. */
export interface RankedRow {
  readonly line: number
  readonly rank: number
  readonly row: ScrubbedRow
}

/** Made with `new`, not as a literal: V8 does not pretenure constructors' allocations (see csvSplitter). */
class Ranked implements RankedRow {
  constructor(
    readonly line: number,
    readonly rank: number,
    readonly row: ScrubbedRow
  ) {}
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
 * Decodes the records of one scrubbed file: the first record is its header (`header`);
 * each row after it becomes a RankedRow or an InvalidRow naming its line and reason (`row`).
 */
export class ScrubbedRowDecoder {
  private readRow: RowReader<ScrubbedRow> | undefined
  private names: ReadonlyArray<string> = []

  constructor(
    private readonly file: string,
    private readonly campaignId: string
  ) {}

  /** Whether the header has been read. */
  get ready() {
    return this.readRow !== undefined
  }

  /** Reads the header record: its columns decide how rows decode. */
  header(record: CsvRecord): Either.Either<void, UnreadableFile> {
    const unreadable = unreadableHeader(this.file, record)
    if (unreadable !== undefined) return Either.left(unreadable)
    const names = record.fields.map((name) => name.trim())
    if (!names.includes("rank") && !names.includes("id")) {
      const reason = "header lacks a rank column and an id column: rows cannot be ranked"
      return Either.left(new UnreadableFile({ file: this.file, line: record.line, reason }))
    }
    return Either.map(indexHeader(this.file, record, scrubbedColumns, requiredScrubbedColumns), (header) => {
      this.readRow = compileRowReader(ScrubbedRow, header)
      this.names = header.names
    })
  }

  /** Called once the file has ended: a file with no header at all cannot be read. */
  finish(): Either.Either<void, UnreadableFile> {
    return this.readRow === undefined
      ? Either.left(new UnreadableFile({ file: this.file, line: 1, reason: "empty file: no header row" }))
      : Either.void
  }

  /** One data record (after the header) as a ranked row, or why it is invalid. */
  row(record: CsvRecord): RankedRow | InvalidRow {
    const line = record.line
    const refusal = recordRefusal(record, this.names)
    if (refusal !== undefined) return new InvalidRow({ line, reason: refusal })
    const row = this.readRow!(record.fields)
    if (typeof row === "string") return new InvalidRow({ line, reason: row })
    if (row.campaign_id !== undefined && row.campaign_id.trim() !== this.campaignId) {
      return new InvalidRow({ line, reason: "campaign mismatch" })
    }
    const rank = resolveRank(row)
    if (rank === undefined) return new InvalidRow({ line, reason: "unranked" })
    return new Ranked(line, rank, row)
  }
}

/** The reason a scrubbed file's row is invalid, worded again from the row (the rejects file's reasons). */
export const scrubbedInvalidReasons =
  (file: string, campaignId: string): InvalidReasons =>
  (header) => {
    const decoder = new ScrubbedRowDecoder(file, campaignId)
    decoder.header(header)
    return (record) => {
      const row = decoder.row(record)
      return row instanceof InvalidRow ? row.reason : undefined
    }
  }
