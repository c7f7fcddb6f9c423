import { Effect, Either } from "effect"
import { DemandTable, type UpsertOutcome, type UpsertResult } from "../../services/DemandTable.js"
import { RunProgress } from "../../services/RunProgress.js"
import type { FanRecord } from "../../services/schemas/FanRecord.js"
import type { FanScoreItem } from "../../services/schemas/FanScoreItem.js"
import { forEachInPool } from "../../services/forEachInPool.js"
import { groupBy } from "../../services/groupBy.js"
import { type ConsumerReply, type IncomingRecord, readScoresRecord, shardOf } from "../delivery/incomingRecords.js"
import { fanScoreItemOf } from "./fanScoreItem.js"
import { type Recorded, readRecorded, type RunOf, runKeyOf } from "./recordedPositions.js"
import { type RecordFate, runWritesOf } from "./runWrites.js"

/** The result of loadScoresToDynamoDB (SPEC §4); success = created + updated + unchanged. */
export interface LoadToTableResult {
  readonly in: number
  readonly success: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly invalid: number
  readonly failed: number
}

interface Write {
  readonly sequenceNumber: string
  readonly shardId: string
  readonly fan: FanRecord
  readonly item: FanScoreItem
}

export interface LoadToTableOptions {
  /** Items written at once (default 16); writes of one item stay in stream order. */
  readonly concurrency?: number
}

type Tally = Record<UpsertOutcome | "invalid" | "failed", number>

/** A record's write, stamped with its run and its own place in the stream when it has a run. */
const upsert = (table: DemandTable["Type"], write: Write): Effect.Effect<UpsertResult, { readonly message: string }> => {
  const run = write.fan.__meta.run
  return run === undefined
    ? Effect.map(table.upsertFanScore(write.item), (outcome) => ({ outcome, moves: false }))
    : table.upsertStamped(write.item, { run, record: `${write.shardId}/${write.sequenceNumber}` })
}

/**
 * Upserts each scores-stream record's fan into the demand table. A record that is not
 * a fan record is counted invalid and logged, never retried; a failed write is counted
 * and handed back for retry, with the later records of the same item behind it. Then each
 * run's count-moving writes and end-of-file marks of the delivery go to its progress
 * (RunProgress), so that the report knows when all of a file's changes are counted.
 * Records of a run at or before where its progress on their shard was recorded were all
 * written by the delivery that recorded them: they are left be (unchanged), so that what
 * another run changed since is not written over, nor counted again for their run.
 */
export const loadScoresToDynamoDB = (
  records: ReadonlyArray<IncomingRecord>,
  options: LoadToTableOptions = {}
): Effect.Effect<ConsumerReply<LoadToTableResult>, never, DemandTable | RunProgress> =>
  Effect.gen(function* () {
    const table = yield* DemandTable
    const progress = yield* RunProgress
    const counts: Tally = { created: 0, updated: 0, unchanged: 0, invalid: 0, failed: 0 }
    const retry: Array<string> = []
    const parsed: Array<Write> = []
    const fates = new Map<string, RecordFate>()
    const runs = new Map<string, RunOf>()
    for (const record of records) {
      const { sequenceNumber } = record
      const shardId = shardOf(record)
      const read = readScoresRecord(record)
      if (Either.isLeft(read)) {
        counts.invalid++
        fates.set(sequenceNumber, { sequenceNumber, shardId })
        yield* Effect.logWarning(`record ${sequenceNumber} is not a fan record: ${read.left}`)
      } else if (read.right._tag === "EndOfFile") {
        const { campaignId, run, loadId } = read.right.mark
        runs.set(runKeyOf({ campaignId, run }), { campaignId, run })
        fates.set(sequenceNumber, { sequenceNumber, shardId, run: { run, campaignId }, markOf: loadId })
      } else {
        const fan = read.right.fan
        const of = fan.__meta.run === undefined ? undefined : { campaignId: fan.campaignId, run: fan.__meta.run }
        if (of !== undefined) runs.set(runKeyOf(of), of)
        parsed.push({ sequenceNumber, shardId, fan, item: fanScoreItemOf(fan) })
        fates.set(sequenceNumber, { sequenceNumber, shardId })
      }
    }
    const read = yield* Effect.either(readRecorded(progress, runs.values()))
    if (Either.isLeft(read)) {
      yield* Effect.logError(`progress of the delivery's runs not read, all its records come again: ${read.left.message}`)
      return { result: { in: records.length, success: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, failed: records.length }, retry: records.map((r) => r.sequenceNumber) }
    }
    const recorded: Recorded = read.right
    const writes = parsed.filter((write) => {
      const run = write.fan.__meta.run
      if (run === undefined || !recorded.covers(write, { campaignId: write.fan.campaignId, run })) return true
      counts.unchanged++
      return false
    })
    for (const fate of fates.values()) {
      // A mark met again where its run's progress is recorded was recorded with it.
      if (fate.markOf !== undefined && fate.run !== undefined && recorded.covers(fate, fate.run)) {
        fates.set(fate.sequenceNumber, { sequenceNumber: fate.sequenceNumber, shardId: fate.shardId })
      }
    }
    /** One item's writes in order; after a failure, the rest wait for the retry. */
    const writeGroup = (group: ReadonlyArray<Write>) =>
      Effect.gen(function* () {
        for (const [at, write] of group.entries()) {
          const outcome = yield* Effect.either(upsert(table, write))
          if (Either.isRight(outcome)) {
            counts[outcome.right.outcome]++
            const run = write.fan.__meta.run
            if (run !== undefined) {
              const fate = { sequenceNumber: write.sequenceNumber, shardId: write.shardId, moved: outcome.right.moves }
              fates.set(write.sequenceNumber, { ...fate, run: { run, campaignId: write.fan.campaignId } })
            }
            continue
          }
          yield* Effect.logError(`record ${write.sequenceNumber}: ${outcome.left.message}`)
          const waiting = group.slice(at).map((w) => w.sequenceNumber)
          counts.failed += waiting.length
          retry.push(...waiting)
          return
        }
      })
    const groups = [...groupBy(writes, (w) => `${w.item.PK}\u0000${w.item.SK}`).values()]
    yield* forEachInPool(groups, writeGroup, options.concurrency ?? 16)
    yield* recordProgress(progress, [...fates.values()], retry, recorded.upTo)
    const success = counts.created + counts.updated + counts.unchanged
    return { result: { in: success + counts.invalid + counts.failed, success, ...counts }, retry }
  }).pipe(Effect.annotateLogs({ worker: "loadScoresToDynamoDB" }))

/**
 * Each run's writes of the delivery to its progress. When that fails, every record of the
 * shard is handed back: the redelivery counts them again, the same (their stamps), once.
 */
const recordProgress = (
  progress: RunProgress["Type"],
  fates: ReadonlyArray<RecordFate>,
  retry: Array<string>,
  upTo: Recorded["upTo"]
) =>
  Effect.forEach(
    runWritesOf(fates, new Set(retry), upTo),
    (writes) =>
      Effect.catchAll(progress.recordShardWrites(writes), (error) => {
        const handedBack = new Set(retry)
        const again = fates.filter((fate) => fate.shardId === writes.shardId && !handedBack.has(fate.sequenceNumber))
        retry.push(...again.map((fate) => fate.sequenceNumber))
        return Effect.logError(`run ${writes.run}: progress of ${writes.shardId} not recorded, its records come again: ${error.message}`)
      }),
    { discard: true }
  )
