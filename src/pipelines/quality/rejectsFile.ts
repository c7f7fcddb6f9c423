import { Chunk, Effect, Stream } from "effect"
import { BucketError, type ObjectNotFound, type UnreadableFile } from "../../services/errors.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import type { ErrorList } from "../rows/errorList.js"
import { csvBlocks } from "../csv/csvBlocks.js"
import { markedRecords } from "../csv/markedRecords.js"
import { encodeEscapedUtf8 } from "../csv/escapingUtf8.js"
import type { CsvRecord } from "../csv/csvSplitter.js"
import type { RejectedLines } from "./RejectedLines.js"

/** Where a file's rejects file goes in the scoring bucket (SPEC §12). */
export const rejectsKey = (key: string) => `rejects/${key}.csv`

/** Given a file's header, the reader of one row's reason for being invalid (undefined: the row is valid). */
export type InvalidReasons = (header: CsvRecord) => (record: CsvRecord) => string | undefined

/** What was written: the key and how many rows it holds. */
export interface WrittenRejects {
  readonly key: string
  readonly rows: number
}

const needsQuotes = /[",\r\n]/
const csvField = (field: string) => (needsQuotes.test(field) ? `"${field.replaceAll('"', '""')}"` : field)
const csvLine = (fields: ReadonlyArray<string>) => `${fields.map(csvField).join(",")}\n`

/**
 * Writes `rejects/<key>.csv`: header `line,reason,<the file's own columns>`, then every
 * refused row in line order with its line, reason and its own fields as they were (bytes
 * that are not UTF-8 too: escapingUtf8). The
 * object is read again (memory flat however many rows were refused: only `rejected`'s mark
 * per line is kept), only the marked records parsed (markedRecords), and the rows go out
 * as they are found (writeObject: a multipart upload
 * on S3, nothing left behind when it fails). An invalid row's reason is worded again from
 * the row (`reasons`), the first 100 from the load's own errors. If the object no longer
 * holds the marked lines (it was replaced meanwhile), the write fails and nothing is kept.
 */
export const writeRejectsFile = (
  key: string,
  rejected: RejectedLines,
  errors: ErrorList,
  reasons: InvalidReasons
): Effect.Effect<WrittenRejects, BucketError | ObjectNotFound | UnreadableFile, ScoringBucket> =>
  Effect.gen(function* () {
    const bucket = yield* ScoringBucket
    const target = rejectsKey(key)
    const known = new Map(errors.kept.map(({ line, reason }) => [line, reason]))
    let reasonOf: ((record: CsvRecord) => string | undefined) | undefined
    let rows = 0
    const lineOf = (record: CsvRecord): string | undefined => {
      if (reasonOf === undefined) {
        reasonOf = reasons(record)
        return csvLine(["line", "reason", ...record.fields])
      }
      const mark = rejected.at(record.line)
      if (mark === undefined) return undefined
      rows++
      const reason = mark === "invalid" ? (known.get(record.line) ?? reasonOf(record) ?? "invalid") : mark
      return csvLine([String(record.line), reason, ...record.fields])
    }
    const changed = () =>
      new BucketError({ bucket: bucket.bucket, key: target, reason: `${key} changed while its rejects were written: ${rows} of ${rejected.size} refused rows found` })
    const body = csvBlocks(key, bucket.readObject(key)).pipe(
      markedRecords(rejected),
      Stream.mapChunks((records) => {
        let text = ""
        for (const record of records) text += lineOf(record) ?? ""
        return text === "" ? Chunk.empty<Uint8Array>() : Chunk.of(encodeEscapedUtf8(text))
      }),
      Stream.concat(Stream.suspend(() => (rows === rejected.size ? Stream.empty : Stream.fail(changed()))))
    )
    yield* bucket.writeObject(target, body, { contentType: "text/csv" })
    return { key: target, rows }
  })
