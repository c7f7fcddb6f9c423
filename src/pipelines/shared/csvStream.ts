import type { Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import { splitCsvBytes } from "./csvBytes.js"
import { type CsvRecord, CsvSplitter } from "./csvSplitter.js"

export type { CsvRecord } from "./csvSplitter.js"

/**
 * Bytes of a CSV file → its records (header first), chunk by chunk (splitCsvBytes).
 * UTF-8 with an optional byte-order mark.
 */
export const csvRecords = <E, R>(file: string, bytes: Stream.Stream<Uint8Array, E, R>): Stream.Stream<CsvRecord, E | UnreadableFile, R> =>
  splitCsvBytes(file, bytes, () => {
    const decoder = new TextDecoder("utf-8")
    const splitter = new CsvSplitter()
    return {
      push: (piece) => splitter.push(decoder.decode(piece, { stream: true })),
      end: () => [...splitter.push(decoder.decode()), ...splitter.end()]
    }
  })
