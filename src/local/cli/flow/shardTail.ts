import { Effect, Either } from "effect"
import { retriedWhileTransient, type StackError } from "../../standIns/aws/stackCall.js"
import { type Checkpoints, positionsToGoOn, type StreamIdentity } from "./checkpoints.js"

/** Where reading a shard starts: its oldest record, or what comes after now. */
export type ShardStart = "TRIM_HORIZON" | "LATEST"

export type ShardPosition =
  | { readonly type: ShardStart }
  | { readonly type: "AFTER_SEQUENCE_NUMBER"; readonly sequenceNumber: string }

export interface ShardPage<R> {
  readonly records: ReadonlyArray<R>
  /** The iterator of the next page; undefined once a closed shard is read to its end. */
  readonly next: string | undefined
  /** The shard holds more than this page gave (Kinesis' MillisBehindLatest > 0). */
  readonly behind?: boolean
}

/** What a stream API of shards (Kinesis, DynamoDB Streams) offers a reader. */
export interface ShardApi<R> {
  /** `stream scores-stream`, for messages. */
  readonly resource: string
  /** Which stream this is, by name and incarnation: what its checkpoint is kept under and checked against. */
  readonly identity: Effect.Effect<StreamIdentity, StackError>
  readonly listShards: Effect.Effect<ReadonlyArray<string>, StackError>
  readonly iterator: (shardId: string, position: ShardPosition) => Effect.Effect<string | undefined, StackError>
  /** One GetRecords call; an expired iterator fails with code ExpiredIteratorException. */
  readonly page: (iterator: string) => Effect.Effect<ShardPage<R>, StackError>
  readonly sequenceNumberOf: (record: R) => string
}

interface ShardState {
  readonly from: ShardStart
  iterator: string | undefined
  last: string | undefined
}

/** Where to read on after an expired iterator: after the last record read, else where the shard was opened. */
const positionOf = (state: ShardState): ShardPosition =>
  state.last === undefined ? { type: state.from } : { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: state.last }

/**
 * Where to read on when the iterator's position is gone (TrimmedDataAccessException):
 * after the last record read, else from the oldest record there is — as Lambda resumes.
 */
const untrimmedPositionOf = (state: ShardState): ShardPosition =>
  state.last === undefined ? { type: "TRIM_HORIZON" } : { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: state.last }

/** Errors after which a shard is read on with a new iterator (once in a row), and from where. */
const renewals: Record<string, (state: ShardState) => ShardPosition> = {
  ExpiredIteratorException: positionOf,
  TrimmedDataAccessException: untrimmedPositionOf
}

/**
 * Reads every shard of a stream as an event source mapping does: each shard from `start`
 * (shards that appear later, from their beginning), page after page, each poll going on
 * where the last one stopped; an expired iterator is renewed after the last record read,
 * one whose position was trimmed away after it too (or from the oldest record, if none).
 * With `checkpoints`, each shard starts after the position the last run handled in this
 * incarnation of the stream (kept at the start of each poll: what the poll before gave has
 * been handled by then); a stream made again since, or a position it refuses, is read from
 * its oldest record.
 */
export const shardTail = <R>(api: ShardApi<R>, start: ShardStart, checkpoints?: Checkpoints) =>
  Effect.gen(function* () {
    const shards = new Map<string, ShardState>()
    const stream = checkpoints === undefined ? undefined : yield* api.identity
    const saved = checkpoints === undefined || stream === undefined ? undefined : yield* positionsToGoOn(checkpoints, stream)
    // At the start the lookups are retried here while they fail transiently; in a poll, the poll is retried whole where it is driven.
    const iteratorAtStart = (shardId: string, position: ShardPosition) => retriedWhileTransient(api.iterator(shardId, position))
    const open = (shardId: string, from: ShardStart, iterator = api.iterator) => {
      const after = saved?.get(shardId)
      const opened = (from: ShardStart, last?: string) => (iterator: string | undefined) => void shards.set(shardId, { from, iterator, last })
      if (after === undefined) return Effect.map(iterator(shardId, { type: from }), opened(from))
      // A position the stream refuses (trimmed away, or of a stream made again that the incarnation did not tell):
      // from the oldest record, as a mapping resumes, never from now. Transient failures were retried; they fail the run.
      return iterator(shardId, { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: after }).pipe(
        Effect.map(opened(from, after)),
        Effect.catchIf(
          (error) => error.transient !== true,
          () => Effect.map(iterator(shardId, { type: "TRIM_HORIZON" }), opened("TRIM_HORIZON"))
        )
      )
    }
    // With checkpoints, a shard the last run did not know was born since: read from its beginning.
    const first = saved === undefined ? start : "TRIM_HORIZON"
    const atStart = yield* retriedWhileTransient(api.listShards)
    yield* Effect.forEach(atStart, (shardId) => open(shardId, saved?.has(shardId) === true ? start : first, iteratorAtStart), { discard: true })
    /** Every record a poll gave has been handled when the next poll starts: that is the position to keep. */
    const checkpoint = Effect.suspend(() => {
      if (checkpoints === undefined || stream === undefined) return Effect.void
      const positions = new Map([...shards].flatMap(([shardId, state]) => (state.last === undefined ? [] : [[shardId, state.last] as const])))
      return positions.size === 0 ? Effect.void : checkpoints.save(stream.name, { incarnation: stream.incarnation, shards: positions })
    })

    const readShard = (shardId: string, state: ShardState) =>
      Effect.gen(function* () {
        const records: Array<R> = []
        let renewed = false
        while (state.iterator !== undefined) {
          const page = yield* Effect.either(api.page(state.iterator))
          if (Either.isLeft(page)) {
            const renewal = page.left.code === undefined ? undefined : renewals[page.left.code]
            // Pages read before a failed one are given, never dropped: the shard's position is already past them,
            // and the next poll goes on from the failed page's iterator.
            if ((renewal === undefined || renewed) && records.length > 0) break
            if (renewal === undefined || renewed) return yield* Effect.fail(page.left)
            renewed = true
            state.iterator = yield* api.iterator(shardId, renewal(state))
            continue
          }
          renewed = false
          records.push(...page.right.records)
          const last = page.right.records.at(-1)
          if (last !== undefined) state.last = api.sequenceNumberOf(last)
          state.iterator = page.right.next
          if (page.right.records.length === 0 && page.right.behind !== true) break
        }
        return records.map((record) => ({ shardId, record }))
      })

    /** The records put since the last poll, shard by shard. */
    const poll = Effect.gen(function* () {
      yield* checkpoint
      for (const shardId of yield* api.listShards) if (!shards.has(shardId)) yield* open(shardId, "TRIM_HORIZON")
      // A shard that fails leaves the records of the others read in this poll given, not lost (their positions moved on).
      const perShard = yield* Effect.forEach([...shards], ([shardId, state]) => Effect.either(readShard(shardId, state)))
      const records = perShard.flatMap((read) => (Either.isRight(read) ? read.right : []))
      const failed = perShard.find(Either.isLeft)
      return failed !== undefined && records.length === 0 ? yield* Effect.fail(failed.left) : records
    })
    return { poll }
  })


