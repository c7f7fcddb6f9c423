import { Chunk, Effect, Stream } from "effect"
import { csvRecords } from "../../../src/pipelines/csv/csvStream.js"
import { type CsvRecord, CsvSplitter } from "../../../src/pipelines/csv/csvSplitter.js"

/** Helpers shared by csvSplitter.test.ts and csvSplitterChunks.test.ts. */

/** Feeds text to a splitter in the pieces given, then ends it. */
export const split = (...pieces: ReadonlyArray<string>): Array<CsvRecord> => {
  const splitter = new CsvSplitter()
  const records = pieces.flatMap((piece) => splitter.push(piece))
  return [...records, ...splitter.end()]
}

/** Records without their (absent) `malformed` key, for comparisons. */
export const plain = (records: ReadonlyArray<CsvRecord>) => records.map(({ line, fields }) => ({ line, fields: [...fields] }))

export const bytesOf = (text: string) => new TextEncoder().encode(text)

/** csvRecords over byte pieces, each piece its own stream chunk. */
export const recordsOfBytes = (pieces: ReadonlyArray<Uint8Array>) =>
  csvRecords("test.csv", Stream.fromIterable(pieces).pipe(Stream.rechunk(1))).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toArray)
  )
