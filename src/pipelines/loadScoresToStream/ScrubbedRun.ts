import { Chunk, Effect, Either, Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import type { CsvRecord } from "../shared/csvSplitter.js"
import type { Delivery } from "../shared/deliverRecords.js"
import { type Outbound, outbound, RecordBatcher } from "../shared/recordBatches.js"
import type { RejectedRow } from "../shared/rowErrors.js"
import { FanCombiner, type FanGroup } from "./combineFans.js"
import { ScrubbedRowDecoder } from "./decodeScrubbedRows.js"
import { fanRecordJson } from "./fanRecordJson.js"
import { LoadScoresTally } from "./LoadScoresResult.js"

/** Line of the fan's first row: where a record that failed is reported. */
export type FanLine = number

/** The state of one scrubbed file's run, and its stream stages over that state. */
export class ScrubbedRun {
  readonly tally: LoadScoresTally
  private readonly decoder: ScrubbedRowDecoder
  private readonly combiner: FanCombiner
  private readonly batcher = new RecordBatcher<FanLine>()
  private readonly campaignIdJson: string
  private readonly metaJson: string
  /** What the stage working on a chunk gathers: its fan records, and the rows it refused. */
  private records: Array<Outbound<FanLine>> = []
  private rejected: Array<RejectedRow> = []

  constructor(key: string, campaignId: string, meta: RecordMeta) {
    this.tally = new LoadScoresTally(campaignId)
    this.decoder = new ScrubbedRowDecoder(key, campaignId)
    this.campaignIdJson = JSON.stringify(campaignId)
    this.metaJson = JSON.stringify(meta)
    this.combiner = new FanCombiner({ fan: (group) => this.records.push(this.recordOf(group)), reject: (row) => this.rejected.push(row) })
  }

  /**
   * CSV records → the fan records of the fans whose rows have ended, in one pass: the
   * header first, then each row decoded and combined into its fan; refused rows are
   * counted and logged.
   */
  readonly fanRecords = (records: Chunk.Chunk<CsvRecord>): Effect.Effect<Chunk.Chunk<Outbound<FanLine>>, UnreadableFile> => {
    for (const record of records) {
      if (!this.decoder.ready) {
        const header = this.decoder.header(record)
        if (Either.isLeft(header)) return Effect.fail(header.left)
        continue
      }
      const row = this.decoder.row(record)
      if ("_tag" in row) this.rejected.push(row)
      else this.combiner.push(row)
    }
    return this.taken()
  }

  /** At the end of the file: the last fan's record, or the error of a file without header. */
  readonly lastRecords: Stream.Stream<Outbound<FanLine>, UnreadableFile> = Stream.suspend(() =>
    Either.match(this.decoder.finish(), {
      onLeft: (error) => Stream.fail(error),
      onRight: () => {
        this.combiner.end()
        return Stream.flattenChunks(Stream.fromEffect(this.taken()))
      }
    })
  )

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

  private recordOf(group: FanGroup): Outbound<FanLine> {
    this.tally.valid += group.rows.length
    return outbound(group.globalUserId, fanRecordJson(this.campaignIdJson, group, this.metaJson), group.rows[0]!.line)
  }

  /** The chunk's records, once its refused rows are counted and logged. */
  private taken(): Effect.Effect<Chunk.Chunk<Outbound<FanLine>>> {
    const records = Chunk.unsafeFromArray(this.records)
    const rejected = this.rejected
    this.records = []
    this.rejected = []
    return rejected.length === 0 ? Effect.succeed(records) : Effect.as(this.reject(rejected), records)
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
