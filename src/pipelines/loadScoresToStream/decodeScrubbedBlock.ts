import { Either } from "effect"
import type { LineError } from "../rows/errorList.js"
import type { CsvBlock } from "../csv/csvBlocks.js"
import { type CsvRecord, CsvSplitter } from "../csv/csvSplitter.js"
import { unreadableHeader } from "../csv/csvHeader.js"
import { EscapingUtf8Decoder } from "../csv/escapingUtf8.js"
import { overlongRecordOf } from "../csv/overlongLine.js"
import { recordRefusal } from "../csv/recordRefusal.js"
import { type BlockFans, BlockFansBuilder } from "./BlockFans.js"
import { ScrubbedRowDecoder } from "./decodeScrubbedRows.js"

/** What decoding a block needs: the block, and its file's settings. */
export interface ScrubbedBlockJob {
  readonly block: CsvBlock
  readonly file: string
  readonly campaignId: string
  /** The campaign id and the records' meta, as JSON. */
  readonly campaignIdJson: string
  readonly metaJson: string
  /** The header's fields, read from the first block: undefined for the first block itself. */
  readonly header: ReadonlyArray<string> | undefined
  /** Keep every fan's rows (BlockFans.allRows). */
  readonly keepRows?: boolean
}

/**
 * One block decoded: its rows refused by the decoder, and its fans. Lines are the block's
 * own (1-based); `lines` is how many line feeds it holds (the next block starts that many
 * lines on). The block's bytes come back with it: in the rare case a fan's rows go on past
 * the first or last fan, they are read again.
 */
export interface DecodedBlock {
  readonly index: number
  readonly lines: number
  /** The header's fields, when this block held it; or why the file cannot be read. */
  readonly header: ReadonlyArray<string> | undefined
  readonly headerError: LineError | undefined
  readonly rejected: ReadonlyArray<LineError>
  readonly fans: BlockFans
  readonly bytes: Uint8Array
}

const lineFeeds = (bytes: Uint8Array) => {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  let count = 0
  for (let at = text.indexOf(0x0a); at !== -1; at = text.indexOf(0x0a, at + 1)) count++
  return count
}

/** Bytes decoded at a time. */
const piece = 64 * 1024

/** Decoders by file and header, so that a thread compiles a file's row reader once. */
const decoders = new Map<string, ScrubbedRowDecoder>()

const decoderFor = (job: ScrubbedBlockJob): ScrubbedRowDecoder => {
  const key = `${job.file}\n${job.campaignId}\n${job.header!.join(",")}`
  let decoder = decoders.get(key)
  if (decoder === undefined) {
    decoder = new ScrubbedRowDecoder(job.file, job.campaignId)
    decoder.header({ line: 1, fields: job.header! })
    if (decoders.size >= 8) decoders.clear()
    decoders.set(key, decoder)
  }
  return decoder
}

/** The block's records, a piece of its bytes at a time: the rows of one piece die young. */
function* recordsOf(block: CsvBlock): Generator<ReadonlyArray<CsvRecord>> {
  const text = new EscapingUtf8Decoder(block.index === 0) // a byte-order mark is dropped at the file's start only
  const splitter = new CsvSplitter()
  for (let at = 0; at < block.bytes.length; at += piece) {
    const last = at + piece >= block.bytes.length
    yield splitter.push(text.decode(block.bytes.subarray(at, at + piece), last))
  }
  yield splitter.end()
}

/** The first block's first record as the header: the decoder of the rows after it, or why the file cannot be read. */
const headerDecoder = (job: ScrubbedBlockJob, record: CsvRecord): ScrubbedRowDecoder | LineError => {
  const decoder = new ScrubbedRowDecoder(job.file, job.campaignId)
  return Either.match(decoder.header(record), { onLeft: ({ line, reason }) => ({ line, reason }), onRight: () => decoder })
}

/** Decodes one block of a scrubbed file: rows read and checked, contiguous rows of a fan gathered, records written. */
export const decodeScrubbedBlock = (job: ScrubbedBlockJob): DecodedBlock => {
  const { block } = job
  const fans = new BlockFansBuilder(job.campaignIdJson, job.metaJson, block.bytes.length, job.keepRows)
  const rejected: Array<LineError> = []
  const decoded = { index: block.index, bytes: block.bytes, rejected, header: undefined, headerError: undefined }
  if (block.overlong) {
    // Its row is refused whole; when it is the file's first record, it was to be the header.
    const record = overlongRecordOf(block.overlongKind, 1, [])
    const header = job.header === undefined ? unreadableHeader(job.file, record) : undefined
    if (header !== undefined) return { ...decoded, lines: 1, headerError: { line: 1, reason: header.reason }, fans: fans.end() }
    return { ...decoded, lines: 1, rejected: [{ line: 1, reason: recordRefusal(record, [])! }], fans: fans.end() }
  }
  let decoder = job.header === undefined ? undefined : decoderFor(job)
  let header: ReadonlyArray<string> | undefined
  for (const records of recordsOf(block)) {
    for (const record of records) {
      if (decoder !== undefined) {
        const row = decoder.row(record)
        if ("_tag" in row) rejected.push({ line: row.line, reason: row.reason })
        else fans.push(row)
        continue
      }
      const read = headerDecoder(job, record)
      if (!(read instanceof ScrubbedRowDecoder)) return { ...decoded, lines: 0, headerError: read, fans: fans.end() }
      decoder = read
      header = record.fields
    }
  }
  return { ...decoded, lines: lineFeeds(block.bytes), header, fans: fans.end() }
}
