import { Effect, Layer } from "effect"
import { StreamPutError } from "../../services/errors.js"
import { type OpenShard, type PutOutcome, type RecordStream, ScoresStream, type StreamEntry } from "../../services/RecordStream.js"
import { shardIdOf, shardIndex, startingHashKey } from "./kinesisHashing.js"

/** What one shard takes per second (Kinesis data streams, provisioned mode). */
export interface ShardLimits {
  readonly recordsPerSecond: number
  readonly bytesPerSecond: number
}

export const kinesisShardLimits: ShardLimits = { recordsPerSecond: 1_000, bytesPerSecond: 1024 * 1024 }

interface Shard {
  readonly id: string
  records: number
  bytes: number
  accepted: number
}

const maxRecordsPerCall = 500
/**
 * A Kinesis data stream in memory with the service's limits: each shard takes at most
 * 1,000 records and 1 MiB a second (a token bucket holding one second's worth), a
 * PutRecords call at most 500 records. What a shard cannot take now is answered per
 * record, `ProvisionedThroughputExceededException`, as the real service does; the call
 * itself succeeds. It keeps counts, not records.
 */
export class SimulatedKinesisStream implements RecordStream {
  readonly shards: ReadonlyArray<Shard>
  accepted = 0
  throttled = 0
  calls = 0
  private last: number

  constructor(
    readonly streamName: string,
    shardCount: number,
    private readonly limits: ShardLimits = kinesisShardLimits,
    private readonly now: () => number = () => performance.now()
  ) {
    this.shards = Array.from({ length: shardCount }, (_, i) => ({
      id: shardIdOf(i),
      records: limits.recordsPerSecond,
      bytes: limits.bytesPerSecond,
      accepted: 0
    }))
    this.last = now()
  }

  readonly openShards: Effect.Effect<ReadonlyArray<OpenShard>> = Effect.sync(() =>
    this.shards.map((shard, i) => ({ shardId: shard.id, startingHashKey: startingHashKey(i, this.shards.length) }))
  )

  /** Records per second the stream takes at most. */
  get capacity() {
    return this.shards.length * this.limits.recordsPerSecond
  }

  readonly putRecords = (entries: ReadonlyArray<StreamEntry>) =>
    Effect.suspend(() => {
      this.calls++
      if (entries.length > maxRecordsPerCall) {
        const reason = `InvalidArgumentException: ${entries.length} records, at most ${maxRecordsPerCall} a call`
        return Effect.fail(new StreamPutError({ stream: this.streamName, reason, retryable: false }))
      }
      this.refill()
      return Effect.succeed(entries.map((entry) => this.put(entry)))
    })

  get layer(): Layer.Layer<ScoresStream> {
    return Layer.succeed(ScoresStream, this)
  }

  private refill() {
    const now = this.now()
    const seconds = Math.max(0, now - this.last) / 1000
    this.last = now
    for (const shard of this.shards) {
      shard.records = Math.min(this.limits.recordsPerSecond, shard.records + seconds * this.limits.recordsPerSecond)
      shard.bytes = Math.min(this.limits.bytesPerSecond, shard.bytes + seconds * this.limits.bytesPerSecond)
    }
  }

  private put(entry: StreamEntry): PutOutcome {
    const shard = this.shards[shardIndex(entry, this.shards.length)]!
    const size = entry.data.length + Buffer.byteLength(entry.partitionKey)
    if (shard.records < 1 || shard.bytes < size) {
      this.throttled++
      return {
        accepted: false,
        errorCode: "ProvisionedThroughputExceededException",
        errorMessage: `Rate exceeded for shard ${shard.id} in stream ${this.streamName} under account 000000000000.`
      }
    }
    shard.records -= 1
    shard.bytes -= size
    shard.accepted++
    this.accepted++
    return { accepted: true, shardId: shard.id, sequenceNumber: String(this.accepted).padStart(20, "0") }
  }
}
