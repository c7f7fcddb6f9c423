import { Chunk, Deferred, Effect, FiberId, Stream } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import type { CsvBlock } from "../shared/csvBlocks.js"
import type { Delivery } from "../shared/deliverRecords.js"
import { type Outbound, RecordBatcher } from "../shared/recordBatches.js"
import { InvalidRow, type RejectedRow } from "../shared/rowErrors.js"
import { type DecodedBlock, decodeScrubbedBlock, type ScrubbedBlockJob } from "./decodeScrubbedBlock.js"
import { type FanLine, FanMerger } from "./FanMerger.js"
import { LoadScoresTally } from "./LoadScoresResult.js"
import type { ScrubbedBlockDecoder } from "./ScrubbedBlockDecoder.js"

export type { FanLine } from "./FanMerger.js"

type Header = ReadonlyArray<string>

const byLine = (a: RejectedRow, b: RejectedRow) => a.line - b.line

/** The state of one scrubbed file's run, and its stream stages over that state. */
export class ScrubbedRun {
  readonly tally: LoadScoresTally
  private readonly merger: FanMerger
  private readonly batcher = new RecordBatcher<FanLine>()
  private readonly job: Omit<ScrubbedBlockJob, "block" | "header">
  /** The header's fields, read from the first block; the blocks after it wait for them. */
  private readonly header = Deferred.unsafeMake<Header, UnreadableFile>(FiberId.none)
  private headerFields: Header | undefined
  /** Line of the file where the next block (in file order) starts. */
  private nextLine = 1
  /** What the stage working on a block gathers: its fan records, and the rows refused. */
  private records: Array<Outbound<FanLine>> = []
  private rejected: Array<RejectedRow> = []

  constructor(
    private readonly key: string,
    campaignId: string,
    meta: RecordMeta,
    private readonly decoder: typeof ScrubbedBlockDecoder.Service
  ) {
    this.tally = new LoadScoresTally(campaignId)
    this.job = { file: key, campaignId, campaignIdJson: JSON.stringify(campaignId), metaJson: JSON.stringify(meta) }
    this.merger = new FanMerger(this.job.campaignIdJson, this.job.metaJson, {
      record: (record) => this.records.push(record),
      reject: (row) => this.rejected.push(row),
      valid: (rows) => (this.tally.valid += rows)
    })
  }

  /**
   * Decodes a block: the first in this thread (it holds the header), every later one
   * with the decoder, once the header is known.
   */
  readonly decode = (block: CsvBlock): Effect.Effect<DecodedBlock, UnreadableFile> =>
    block.index === 0
      ? Effect.flatMap(Effect.sync(() => decodeScrubbedBlock({ ...this.job, block, header: undefined })), (decoded) => this.readHeader(decoded))
      : Effect.flatMap(Deferred.await(this.header), (header) => this.decoder.decode({ ...this.job, block, header }))

  /** A decoded block (in file order) → the records of the fans whose rows have ended; refused rows counted and logged. */
  readonly fanRecords = (decoded: DecodedBlock): Effect.Effect<Chunk.Chunk<Outbound<FanLine>>> => {
    const base = this.nextLine - 1
    this.nextLine += decoded.lines
    for (const row of decoded.rejected) this.rejected.push(new InvalidRow({ line: base + row.line, reason: row.reason }))
    this.merger.take({ decoded, firstLine: base + 1, again: () => this.decodeAgain(decoded) })
    return this.taken()
  }

  /** At the end of the file: the last fan's record, or the error of a file without header. */
  readonly lastRecords: Stream.Stream<Outbound<FanLine>, UnreadableFile> = Stream.suspend(() => {
    if (this.headerFields === undefined) return Stream.fail(this.noHeader())
    this.merger.end()
    return Stream.flattenChunks(Stream.fromEffect(this.taken()))
  })

  readonly batch = (records: Chunk.Chunk<Outbound<FanLine>>) => Chunk.unsafeFromArray(this.batcher.push(records))

  readonly lastBatch = Stream.suspend(() => Stream.fromIterable(this.batcher.end()))

  readonly countDelivery = (delivery: Delivery<FanLine>): Effect.Effect<void> => {
    this.tally.out += delivery.accepted
    this.tally.failed += delivery.failed.length
    return Effect.forEach(
      delivery.failed,
      ({ item, reason }) => {
        this.tally.errors.add(item.meta, `fan record not delivered: ${reason}`)
        return Effect.logError(`line ${item.meta}: fan record not delivered: ${reason}`)
      },
      { discard: true }
    )
  }

  private readHeader(decoded: DecodedBlock): Effect.Effect<DecodedBlock, UnreadableFile> {
    const error = decoded.headerError
    if (error !== undefined || decoded.header === undefined) {
      const failure = error === undefined ? this.noHeader() : new UnreadableFile({ file: this.key, line: error.line, reason: error.reason })
      return Effect.zipRight(Deferred.fail(this.header, failure), Effect.fail(failure))
    }
    this.headerFields = decoded.header
    return Effect.as(Deferred.succeed(this.header, decoded.header), decoded)
  }

  private noHeader() {
    return new UnreadableFile({ file: this.key, line: 1, reason: "empty file: no header row" })
  }

  private decodeAgain(decoded: DecodedBlock) {
    const block = { index: decoded.index, bytes: decoded.bytes, overlong: false }
    const header = decoded.index === 0 ? undefined : this.headerFields
    return decodeScrubbedBlock({ ...this.job, block, header, keepRows: true }).fans
  }

  /** The block's records, once its refused rows are counted and logged (in line order). */
  private taken(): Effect.Effect<Chunk.Chunk<Outbound<FanLine>>> {
    const records = Chunk.unsafeFromArray(this.records)
    const rejected = this.rejected
    this.records = []
    this.rejected = []
    return rejected.length === 0 ? Effect.succeed(records) : Effect.as(this.reject(rejected.sort(byLine)), records)
  }

  private reject(rows: ReadonlyArray<RejectedRow>) {
    return Effect.forEach(
      rows,
      (row) => {
        if (row._tag === "DuplicateRow") this.tally.duplicate++
        else this.tally.invalid++
        this.tally.errors.add(row.line, row.reason)
        return Effect.logWarning(`line ${row.line}: ${row.reason}`)
      },
      { discard: true }
    )
  }
}
