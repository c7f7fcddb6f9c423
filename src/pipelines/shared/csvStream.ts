import { Chunk, Effect, Stream } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import { type CsvRecord, CsvSplitter } from "./csvSplitter.js"

export type { CsvRecord } from "./csvSplitter.js"

/** Pieces of the object read ahead of the parser (S3 and file reads give 16–64 KiB pieces). */
const readAhead = 8

const looksBinary = (bytes: Uint8Array) => bytes.subarray(0, 4096).includes(0)

/**
 * Bytes of a CSV file → its records (header first), chunk by chunk: the file is never
 * held whole. UTF-8 with an optional byte-order mark; a file with NUL bytes at its
 * start is not CSV and fails before any record is emitted.
 */
export const csvRecords = <E, R>(
  file: string,
  bytes: Stream.Stream<Uint8Array, E, R>
): Stream.Stream<CsvRecord, E | UnreadableFile, R> =>
  Stream.suspend(() => {
    const decoder = new TextDecoder("utf-8")
    const splitter = new CsvSplitter()
    let first = true
    const split = (chunk: Chunk.Chunk<Uint8Array>) =>
      Effect.suspend(() => {
        const records: Array<CsvRecord> = []
        for (const piece of chunk) {
          if (first && piece.length > 0) {
            first = false
            if (looksBinary(piece)) {
              return Effect.fail(new UnreadableFile({ file, line: 1, reason: "not a CSV file (binary content)" }))
            }
          }
          for (const record of splitter.push(decoder.decode(piece, { stream: true }))) records.push(record)
        }
        return Effect.succeed(Chunk.unsafeFromArray(records))
      })
    const rest = Stream.suspend(() => {
      const tail = decoder.decode()
      return Stream.fromIterable([...splitter.push(tail), ...splitter.end()])
    })
    // Up to 8 pieces read ahead (the network or disk works while rows are decoded), then
    // one piece per step, whatever chunks the producer makes: memory stays bounded.
    return bytes.pipe(Stream.buffer({ capacity: readAhead }), Stream.rechunk(1), Stream.mapChunksEffect(split), Stream.concat(rest))
  })
