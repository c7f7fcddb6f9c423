import { Effect } from "effect"
import { StreamPutError } from "../../services/errors.js"
import { isEndOfFileData } from "../../services/schemas/EndOfFile.js"
import type { OpenShard, PutOutcome, RecordStream, StreamEntry } from "../../services/RecordStream.js"
import { shardIdOf, shardIndex, startingHashKey } from "./kinesisHashing.js"

/** A rejection a test wants the stream to answer for an entry on a given call. */
export type Rejection = { readonly errorCode: string; readonly errorMessage: string }

export interface MemoryStreamFaults {
  /** Rejects single entries, like a throttled shard. `call` counts PutRecords calls from 1. */
  readonly reject?: (entry: StreamEntry, call: number) => Rejection | undefined
  /** Fails whole calls, like a network error or a missing stream. */
  readonly failCall?: (call: number) => StreamPutError | undefined
}

/** Kinesis takes at most 500 records a PutRecords call, and refuses a longer call whole. */
const maxRecordsPerCall = 500

const sequenceNumberOf = (position: number) => String(position).padStart(20, "0")

const decoder = new TextDecoder()
const parsed = (entries: ReadonlyArray<StreamEntry>) =>
  entries.map((entry) => ({ partitionKey: entry.partitionKey, data: JSON.parse(decoder.decode(entry.data)) as unknown }))

/** An accepted entry, and the shard its hash key put it on. */
export type ShardEntry = StreamEntry & { readonly shardId: string }

/**
 * An in-memory Kinesis stream: keeps accepted entries in put order, from the first its
 * readers have not all read (`release`, like a real stream's retention dropping what is
 * old). A stream nobody releases keeps every entry, as tests read them back. Its shards
 * (one by default) split the hash key space as Kinesis does: an entry goes to the shard of
 * its partition key's MD5, or of its explicit hash key; sequence numbers grow across all.
 */
export class MemoryRecordStream implements RecordStream {
  /** The entries kept: from position `released` + 1 on. */
  readonly entries: Array<ShardEntry> = []
  /** Entries dropped after every reader had read them. */
  released = 0
  calls = 0

  constructor(
    readonly streamName: string,
    private readonly faults: MemoryStreamFaults = {},
    readonly shardCount = 1
  ) {}

  readonly openShards: Effect.Effect<ReadonlyArray<OpenShard>> = Effect.sync(() =>
    Array.from({ length: this.shardCount }, (_, i) => ({ shardId: shardIdOf(i), startingHashKey: i === 0 ? "0" : startingHashKey(i, this.shardCount) }))
  )

  private unreadLimit = Infinity
  private readonly waiting: Array<() => void> = []

  /** Puts wait while the stream holds `limit` entries or more its readers have not released (see `holdAtMost`); puts that find room go in whole. */
  private readonly room = Effect.async<void>((resume) => {
    if (this.entries.length < this.unreadLimit) resume(Effect.void)
    else this.waiting.push(() => resume(Effect.void))
  })

  /**
   * Bounds the stream for a run whose reader releases what it reads: a put waits while
   * `limit` entries are unread (a stream of memory has no shard limits to slow a writer,
   * and nothing else would keep a fast writer from filling the process).
   */
  holdAtMost(limit: number) {
    this.unreadLimit = limit
  }

  private keepsEntries = true

  /** A stream no one reads (a benchmark's): what it takes is counted and dropped at once. */
  dropUnread() {
    this.keepsEntries = false
    this.release(this.put)
  }

  readonly putRecords = (entries: ReadonlyArray<StreamEntry>) =>
    Effect.zipRight(this.room, this.accept(entries))

  private readonly accept = (entries: ReadonlyArray<StreamEntry>) =>
    Effect.suspend(() => {
      const call = ++this.calls
      const failure = this.faults.failCall?.(call)
      if (failure) return Effect.fail(failure)
      if (entries.length > maxRecordsPerCall) {
        const reason = `InvalidArgumentException: ${entries.length} records, at most ${maxRecordsPerCall} a call`
        return Effect.fail(new StreamPutError({ stream: this.streamName, reason, retryable: false }))
      }
      const outcomes = entries.map((entry): PutOutcome => {
        const rejection = this.faults.reject?.(entry, call)
        if (rejection) return { accepted: false, ...rejection }
        const shardId = shardIdOf(this.shardCount === 1 ? 0 : shardIndex(entry, this.shardCount))
        if (this.keepsEntries) this.entries.push({ ...entry, shardId })
        else this.released++
        const sequenceNumber = sequenceNumberOf(this.put)
        return { accepted: true, shardId, sequenceNumber }
      })
      return Effect.succeed(outcomes)
    })

  /** How many entries the stream has accepted, released ones included. */
  get put(): number {
    return this.released + this.entries.length
  }

  /** Accepted records after position `from` (a count of records put), at most `limit`, with their sequence numbers (1-based positions). */
  recordsFrom(from: number, limit = Infinity): Array<ShardEntry & { sequenceNumber: string }> {
    const start = Math.max(from, this.released) - this.released
    const end = Math.min(this.entries.length, start + limit)
    return this.entries.slice(start, end).map((entry, i) => ({ ...entry, sequenceNumber: sequenceNumberOf(this.released + start + i + 1) }))
  }

  /** Drops the entries up to position `upTo` (every reader has read them). */
  release(upTo: number) {
    const drop = Math.min(upTo, this.put) - this.released
    if (drop <= 0) return
    this.entries.splice(0, drop)
    this.released += drop
    for (const resume of this.waiting.splice(0)) resume()
  }

  /** The accepted entries but the loads' end-of-file marks. */
  fanEntries(): Array<ShardEntry> {
    return this.entries.filter((entry) => !isEndOfFileData(entry.data))
  }

  /** The accepted records with their data parsed from JSON, the loads' end-of-file marks aside. */
  records(): Array<{ partitionKey: string; data: unknown }> {
    return parsed(this.fanEntries())
  }

  /** The end-of-file marks the loads put, parsed. */
  marks(): Array<{ partitionKey: string; data: unknown }> {
    return parsed(this.entries.filter((entry) => isEndOfFileData(entry.data)))
  }
}

