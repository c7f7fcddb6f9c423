import { Effect } from "effect"
import type { ShardApi, ShardPosition } from "../../../../src/local/cli/flow/shardTail.js"
import { StackError } from "../../../../src/local/standIns/aws/stackCall.js"

/** A stream of shards in memory with the API's habits: pages of two, iterators that can expire, closed shards. */
export class FakeShards {
  readonly shards = new Map<string, { records: Array<string>; closed: boolean }>()
  readonly expired = new Set<string>()
  readonly trimmed = new Set<string>()
  readonly pageCalls: Array<string> = []
  readonly failing = new Set<string>()
  behindOnce = new Set<string>()

  add(shardId: string, ...records: Array<string>) {
    const shard = this.shards.get(shardId) ?? { records: [], closed: false }
    shard.records.push(...records)
    this.shards.set(shardId, shard)
  }

  /** Which time the stream was made under its name: a test makes it again by changing it. */
  incarnation = "arn:fake created 1"
  readonly iteratorCalls: Array<ShardPosition> = []
  /** Failures of the next GetShardIterator calls, in order. */
  readonly iteratorFailures: Array<StackError> = []

  readonly api: ShardApi<string> = {
    resource: "stream fake",
    identity: Effect.sync(() => ({ name: "stream fake", incarnation: this.incarnation })),
    listShards: Effect.sync(() => [...this.shards.keys()]),
    iterator: (shardId, position) =>
      Effect.suspend(() => {
        this.iteratorCalls.push(position)
        const failure = this.iteratorFailures.shift()
        if (failure !== undefined) return Effect.fail(failure)
        const records = this.shards.get(shardId)!.records
        if (position.type === "AFTER_SEQUENCE_NUMBER" && !records.includes(position.sequenceNumber)) {
          // As Kinesis refuses a sequence number its shard never gave.
          return Effect.fail(new StackError({ resource: "stream fake", reason: "invalid sequence number", code: "InvalidArgumentException" }))
        }
        const at =
          position.type === "AFTER_SEQUENCE_NUMBER"
            ? records.indexOf(position.sequenceNumber) + 1
            : position.type === "TRIM_HORIZON"
              ? 0
              : records.length
        return Effect.succeed(`${shardId}@${at}`)
      }),
    page: (iterator) =>
      Effect.suspend(() => {
        this.pageCalls.push(iterator)
        if (this.expired.delete(iterator)) {
          return Effect.fail(new StackError({ resource: "stream fake", reason: "expired", code: "ExpiredIteratorException" }))
        }
        if (this.failing.delete(iterator)) return Effect.fail(new StackError({ resource: "stream fake", reason: "read ECONNRESET" }))
        if (this.trimmed.delete(iterator)) {
          return Effect.fail(new StackError({ resource: "stream fake", reason: "trimmed", code: "TrimmedDataAccessException" }))
        }
        const [shardId, at] = iterator.split("@") as [string, string]
        const shard = this.shards.get(shardId)!
        if (this.behindOnce.delete(iterator)) return Effect.succeed({ records: [], next: iterator, behind: true })
        const records = shard.records.slice(Number(at), Number(at) + 2)
        const end = Number(at) + records.length
        const next = shard.closed && end >= shard.records.length ? undefined : `${shardId}@${end}`
        return Effect.succeed({ records, next })
      }),
    sequenceNumberOf: (record) => record
  }
}

