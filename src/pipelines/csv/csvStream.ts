import type { Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import { splitCsvBytes } from "./csvBytes.js"
import { type CsvRecord, CsvSplitter } from "./csvSplitter.js"
import { EscapingUtf8Decoder } from "./escapingUtf8.js"

export type { CsvRecord } from "./csvSplitter.js"

/**
 * Bytes of a CSV file → its records (header first), chunk by chunk (splitCsvBytes).
 * UTF-8 with an optional byte-order mark; a record holding bytes that are not UTF-8 says
 * which field (CsvRecord.invalidBytesAt).
 */
export const csvRecords = <E, R>(file: string, bytes: Stream.Stream<Uint8Array, E, R>): Stream.Stream<CsvRecord, E | UnreadableFile, R> =>
  splitCsvBytes(file, bytes, () => {
    const decoder = new EscapingUtf8Decoder()
    const splitter = new CsvSplitter()
    return {
      push: (piece) => splitter.push(decoder.decode(piece)),
      end: () => [...splitter.push(decoder.decode(new Uint8Array(0), true)), ...splitter.end()]
    }
  })
