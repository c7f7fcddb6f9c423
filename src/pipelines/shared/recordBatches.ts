import type { StreamEntry } from "../../services/RecordStream.js"

/** Kinesis PutRecords limits. */
export const putRecordsLimits = {
  records: 500,
  bytes: 5 * 1024 * 1024,
  recordBytes: 1024 * 1024
} as const

/**
 * A record bound for a stream, with what the pipeline needs to report on it. Its JSON
 * is encoded to UTF-8 once: by the batcher as it takes the record, into the buffer its
 * batch shares (a few allocations per PutRecords call, not one per record, and the text
 * is free at once), or alone when its entry is asked for first.
 */
export class Outbound<M> {
  /** Bytes of the JSON in UTF-8. */
  readonly dataBytes: number
  /** Bytes the entry counts against the limits: data plus partition key. */
  readonly size: number
  private json: string | undefined
  private data: Uint8Array | undefined

  constructor(
    readonly partitionKey: string,
    json: string,
    readonly meta: M
  ) {
    this.json = json
    this.dataBytes = Buffer.byteLength(json)
    this.size = this.dataBytes + Buffer.byteLength(partitionKey)
  }

  get entry(): StreamEntry {
    return { partitionKey: this.partitionKey, data: this.encoded() }
  }

  /** Writes the JSON into `buffer` at `at` (where dataBytes are free) and keeps that slice as its data. */
  encodeInto(buffer: Buffer, at: number) {
    if (this.data !== undefined) return
    buffer.write(this.json!, at)
    this.data = buffer.subarray(at, at + this.dataBytes)
    this.json = undefined
  }

  private encoded(): Uint8Array {
    if (this.data === undefined) {
      this.data = Buffer.from(this.json!)
      this.json = undefined
    }
    return this.data
  }
}

export const outbound = <M>(partitionKey: string, json: string, meta: M): Outbound<M> => new Outbound(partitionKey, json, meta)

/** Room for a batch's data: most batches fit in one buffer of this size (500 records of ~1 KB). */
const arenaBytes = 512 * 1024

/**
 * Groups entries into PutRecords calls of at most 500 records and 5 MiB, encoding each
 * record as it comes into the current batch's buffer (a new one when it is full: the
 * records already written keep theirs).
 */
export class RecordBatcher<M> {
  private batch: Array<Outbound<M>> = []
  private bytes = 0
  private arena = Buffer.allocUnsafeSlow(0)
  private used = 0

  constructor(private readonly limits: { records: number; bytes: number } = putRecordsLimits) {}

  push(items: Iterable<Outbound<M>>): Array<ReadonlyArray<Outbound<M>>> {
    const full: Array<ReadonlyArray<Outbound<M>>> = []
    for (const item of items) {
      if (this.batch.length >= this.limits.records || this.bytes + item.size > this.limits.bytes) {
        if (this.batch.length > 0) full.push(this.batch)
        this.batch = []
        this.bytes = 0
        this.used = this.arena.length // the next batch starts a buffer of its own
      }
      this.encode(item)
      this.batch.push(item)
      this.bytes += item.size
    }
    return full
  }

  end(): Array<ReadonlyArray<Outbound<M>>> {
    const last = this.batch
    this.batch = []
    this.bytes = 0
    this.used = this.arena.length
    return last.length > 0 ? [last] : []
  }

  private encode(item: Outbound<M>) {
    if (item.dataBytes > putRecordsLimits.recordBytes) return // refused whole by the delivery: never encoded
    if (this.used + item.dataBytes > this.arena.length) {
      this.arena = Buffer.allocUnsafeSlow(Math.max(arenaBytes, item.dataBytes))
      this.used = 0
    }
    item.encodeInto(this.arena, this.used)
    this.used += item.dataBytes
  }
}
