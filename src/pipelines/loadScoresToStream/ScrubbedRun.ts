import { Chunk, Effect, Either, Stream } from "effect"
import type { UnreadableFile } from "../../services/errors.js"
import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import type { CsvRecord } from "../shared/csvSplitter.js"
import type { Delivery } from "../shared/deliverRecords.js"
import { type Outbound, outbound, RecordBatcher } from "../shared/recordBatches.js"
import type { RejectedRow } from "../shared/rowErrors.js"
import { FanCombiner, type FanGroup } from "./combineFans.js"
import { type RankedRow, ScrubbedRowDecoder } from "./decodeScrubbedRows.js"
import { buildFanRecord } from "./fanRecord.js"
import { LoadScoresTally } from "./LoadScoresResult.js"

/** Line of the fan's first row: where a record that failed is reported. */
export type FanLine = number

const partition = <A, E>(items: Iterable<Either.Either<A, E>>) => {
  const rights: Array<A> = []
  const lefts: Array<E> = []
  for (const item of items) {
    if (Either.isRight(item)) rights.push(item.right)
    else lefts.push(item.left)
  }
  return { rights, lefts }
}

/** The state of one scrubbed file's run, and its stream stages over that state. */
export class ScrubbedRun {
  readonly tally: LoadScoresTally
  private readonly decoder: ScrubbedRowDecoder
  private readonly combiner = new FanCombiner()
  private readonly batcher = new RecordBatcher<FanLine>()

  constructor(
    key: string,
    private readonly campaignId: string,
    private readonly meta: RecordMeta
  ) {
    this.tally = new LoadScoresTally(campaignId)
    this.decoder = new ScrubbedRowDecoder(key, campaignId)
  }

  /** CSV records → valid ranked rows; invalid rows are counted and logged. */
  readonly decodeRows = (records: Chunk.Chunk<CsvRecord>): Effect.Effect<Chunk.Chunk<RankedRow>, UnreadableFile> =>
    Effect.flatMap(this.decoder.decode(records), (rows) => {
      const { rights, lefts } = partition(rows)
      return Effect.as(this.reject(lefts), Chunk.unsafeFromArray(rights))
    })

  /** Ranked rows → fan records of the fans whose rows have ended. */
  readonly combine = (rows: Chunk.Chunk<RankedRow>): Effect.Effect<Chunk.Chunk<Outbound<FanLine>>> =>
    this.toRecords(this.combiner.push(rows))

  /** At the end of the file: the last fan's record, or the error of a file without header. */
  readonly lastRecords: Stream.Stream<Outbound<FanLine>, UnreadableFile> = Stream.suspend(() =>
    Either.match(this.decoder.finish(), {
      onLeft: (error) => Stream.fail(error),
      onRight: () => Stream.flattenChunks(Stream.fromEffect(this.toRecords(this.combiner.end())))
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

  private toRecords(groups: ReadonlyArray<Either.Either<FanGroup, RejectedRow>>) {
    const { rights, lefts } = partition(groups)
    const records = rights.map((group) => {
      this.tally.valid += group.rows.length
      const record = buildFanRecord(this.campaignId, group, this.meta)
      return outbound(group.globalUserId, JSON.stringify(record), group.rows[0]!.line)
    })
    return Effect.as(this.reject(lefts), Chunk.unsafeFromArray(records))
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
