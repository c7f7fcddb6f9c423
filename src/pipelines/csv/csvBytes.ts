import { Chunk, Effect, Stream } from "effect"
import { UnreadableFile } from "../../services/errors.js"

/** Pieces of the object read ahead of the parser (S3 and file reads give 16–64 KiB pieces). */
const readAhead = 8

const looksBinary = (bytes: Uint8Array) => bytes.subarray(0, 4096).includes(0)

/** How a CSV file's bytes become what a stage takes: each piece as it comes, then the end. */
export interface CsvByteSplitter<A> {
  readonly push: (piece: Uint8Array) => Iterable<A>
  readonly end: () => Iterable<A>
}

/**
 * Bytes of a CSV file → what `splitter` makes of them, chunk by chunk: the file is never
 * held whole. Up to 8 pieces are read ahead (the network or disk works while rows are
 * decoded), then one piece is taken per step, whatever chunks the producer makes: memory
 * stays bounded. A file with NUL bytes at its start is not CSV and fails before anything
 * is emitted.
 */
export const splitCsvBytes = <A, E, R>(
  file: string,
  bytes: Stream.Stream<Uint8Array, E, R>,
  splitter: () => CsvByteSplitter<A>
): Stream.Stream<A, E | UnreadableFile, R> =>
  Stream.suspend(() => {
    const { push, end } = splitter()
    let first = true
    const split = (pieces: Chunk.Chunk<Uint8Array>) =>
      Effect.suspend(() => {
        const out: Array<A> = []
        for (const piece of pieces) {
          if (first && piece.length > 0) {
            first = false
            if (looksBinary(piece)) return Effect.fail(new UnreadableFile({ file, line: 1, reason: "not a CSV file (binary content)" }))
          }
          for (const item of push(piece)) out.push(item)
        }
        return Effect.succeed(Chunk.unsafeFromArray(out))
      })
    const rest = Stream.suspend(() => Stream.fromIterable(end()))
    return bytes.pipe(Stream.buffer({ capacity: readAhead }), Stream.rechunk(1), Stream.mapChunksEffect(split), Stream.concat(rest))
  })
