import { Effect } from "effect"
import type { StreamPutError } from "../../services/errors.js"
import { isEndOfFileData } from "../../services/schemas/EndOfFile.js"
import { oneShard, type PutOutcome, type RecordStream, type StreamEntry } from "../../services/RecordStream.js"

/** A rejection a test wants the stream to answer for an entry on a given call. */
export type Rejection = { readonly errorCode: string; readonly errorMessage: string }

export interface MemoryStreamFaults {
  /** Rejects single entries, like a throttled shard. `call` counts PutRecords calls from 1. */
  readonly reject?: (entry: StreamEntry, call: number) => Rejection | undefined
  /** Fails whole calls, like a network error or a missing stream. */
  readonly failCall?: (call: number) => StreamPutError | undefined
}

const sequenceNumberOf = (position: number) => String(position).padStart(20, "0")

const decoder = new TextDecoder()
const parsed = (entries: ReadonlyArray<StreamEntry>) =>
  entries.map((entry) => ({ partitionKey: entry.partitionKey, data: JSON.parse(decoder.decode(entry.data)) as unknown }))

/** An in-memory Kinesis stream: keeps accepted entries in put order. */
export class MemoryRecordStream implements RecordStream {
  readonly entries: Array<StreamEntry> = []
  calls = 0

  constructor(
    readonly streamName: string,
    private readonly faults: MemoryStreamFaults = {}
  ) {}

  readonly openShards = oneShard

  readonly putRecords = (entries: ReadonlyArray<StreamEntry>) =>
    Effect.suspend(() => {
      const call = ++this.calls
      const failure = this.faults.failCall?.(call)
      if (failure) return Effect.fail(failure)
      const outcomes = entries.map((entry): PutOutcome => {
        const rejection = this.faults.reject?.(entry, call)
        if (rejection) return { accepted: false, ...rejection }
        this.entries.push(entry)
        const sequenceNumber = sequenceNumberOf(this.entries.length)
        return { accepted: true, shardId: "shardId-000000000000", sequenceNumber }
      })
      return Effect.succeed(outcomes)
    })

  /** Accepted records from position `from` on, with their sequence numbers (1-based positions). */
  recordsFrom(from: number): Array<StreamEntry & { sequenceNumber: string }> {
    return this.entries.slice(from).map((entry, i) => ({ ...entry, sequenceNumber: sequenceNumberOf(from + i + 1) }))
  }

  /** The accepted entries but the loads' end-of-file marks. */
  fanEntries(): Array<StreamEntry> {
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

