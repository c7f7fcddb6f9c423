import { Chunk, Effect, Either, Schema, Stream } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import { indexHeader } from "../csv/csvHeader.js"
import type { CsvRecord } from "../csv/csvSplitter.js"
import { compileRowDecoder } from "./rowDecoder.js"
import { InvalidRow } from "./rowErrors.js"

/** A row decoded from a CSV file, with the line it was read from. */
export interface LineRow<Row> {
  readonly line: number
  readonly row: Row
}

export interface DecodeRowsOptions {
  /** Columns the header must name (default: the schema's fields that are not optional). */
  readonly required?: ReadonlyArray<string>
}

const requiredOf = (struct: Schema.Struct<Schema.Struct.Fields>) =>
  Object.entries(struct.fields).flatMap(([name, field]) => (Schema.isSchema(field) ? [name] : []))

/**
 * Stage: a CSV file's records (csvRecords, header first) → each data row decoded with
 * `struct` (compiled once, on the header: compileRowDecoder), as a LineRow or the
 * InvalidRow that says why not (`<column>: <what was wrong>`). Columns the schema does not
 * know are ignored; a header without a required column, or no header at all, fails the
 * file with UnreadableFile.
 */
export const decodeCsvRows =
  <Fields extends Schema.Struct.Fields>(file: string, struct: Schema.Struct<Fields>, options: DecodeRowsOptions = {}) =>
  <E, R>(
    records: Stream.Stream<CsvRecord, E, R>
  ): Stream.Stream<Either.Either<LineRow<Schema.Struct.Type<Fields>>, InvalidRow>, E | UnreadableFile, R> =>
    Stream.suspend(() => {
      type Row = Schema.Struct.Type<Fields>
      let decode: ((record: CsvRecord) => Either.Either<Row, string>) | undefined
      const required = options.required ?? requiredOf(struct as unknown as Schema.Struct<Schema.Struct.Fields>)
      const rowOf = (record: CsvRecord, read: (record: CsvRecord) => Either.Either<Row, string>) =>
        Either.match(read(record), {
          onLeft: (reason) => Either.left(new InvalidRow({ line: record.line, reason })),
          onRight: (row) => Either.right({ line: record.line, row })
        })
      const rows = Stream.mapChunksEffect(records, (chunk) => {
        const out: Array<Either.Either<LineRow<Row>, InvalidRow>> = []
        for (const record of chunk) {
          if (decode !== undefined) {
            out.push(rowOf(record, decode))
            continue
          }
          const header = indexHeader(file, record, Object.keys(struct.fields), required)
          if (Either.isLeft(header)) return Effect.fail(header.left)
          decode = compileRowDecoder(struct, header.right)
        }
        return Effect.succeed(Chunk.unsafeFromArray(out))
      })
      const headerless = Stream.suspend(() =>
        decode === undefined ? Stream.fail(new UnreadableFile({ file, line: 1, reason: "empty file: no header row" })) : Stream.empty
      )
      return Stream.concat(rows, headerless)
    })
