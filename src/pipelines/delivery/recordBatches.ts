import type { StreamEntry } from "../../services/RecordStream.js"

const textDecoder = new TextDecoder()

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
  private json: string | undefined
  private data: Uint8Array | undefined
  private bytes: number | undefined
  private total: number | undefined
  /** Puts the record on the shard of this hash key (end-of-file marks) rather than its partition key's. */
  explicitHashKey: string | undefined

  constructor(
    readonly partitionKey: string,
    json: string,
    readonly meta: M
  ) {
    this.json = json
  }

  /** A record whose JSON is already UTF-8 (written by a worker thread, say). */
  static encoded<M>(partitionKey: string, data: Uint8Array, meta: M): Outbound<M> {
    const item = new Outbound(partitionKey, "", meta)
    item.json = undefined
    item.data = data
    item.bytes = data.length
    return item
  }

  get isEncoded(): boolean {
    return this.data !== undefined
  }

  /** Bytes of the JSON in UTF-8 (known once encoded; counted otherwise). */
  get dataBytes(): number {
    return this.bytes ?? Buffer.byteLength(this.json!)
  }

  /** Bytes the entry counts against the limits: data plus partition key. */
  get size(): number {
    if (this.total !== undefined) return this.total
    const size = this.dataBytes + Buffer.byteLength(this.partitionKey)
    if (this.bytes !== undefined) this.total = size // known for good once encoded: the batcher and the delivery both ask
    return size
  }

  /** The most bytes the JSON can take in UTF-8 (3 per UTF-16 unit), known without reading it. */
  get maxBytes(): number {
    return this.json === undefined ? this.bytes! : 3 * this.json.length
  }

  /** The record's JSON text, whether or not it is encoded yet (read without changing the record). */
  get text(): string {
    return this.json ?? textDecoder.decode(this.data)
  }

  get entry(): StreamEntry {
    const entry = { partitionKey: this.partitionKey, data: this.encoded() }
    return this.explicitHashKey === undefined ? entry : { ...entry, explicitHashKey: this.explicitHashKey }
  }

  /** Writes the JSON into `buffer` at `at` (where maxBytes are free) and keeps that slice as its data. */
  encodeInto(buffer: Buffer, at: number) {
    if (this.data !== undefined) return
    this.bytes = buffer.write(this.json!, at)
    this.data = buffer.subarray(at, at + this.bytes)
    this.json = undefined
  }

  private encoded(): Uint8Array {
    if (this.data === undefined) {
      this.data = Buffer.from(this.json!)
      this.bytes = this.data.length
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
 * record as it comes into a shared buffer (a new one when it might not fit: the records
 * already written keep theirs); its size is known from what the write took, so the text
 * is never measured apart.
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
      this.encode(item)
      const size = item.size
      if (this.batch.length >= this.limits.records || this.bytes + size > this.limits.bytes) {
        if (this.batch.length > 0) full.push(this.batch)
        this.batch = []
        this.bytes = 0
      }
      this.batch.push(item)
      this.bytes += size
    }
    return full
  }

  end(): Array<ReadonlyArray<Outbound<M>>> {
    const last = this.batch
    this.batch = []
    this.bytes = 0
    return last.length > 0 ? [last] : []
  }

  /** Writes the record into the current buffer (a new one when it might not fit); a record over 1 MiB is left unencoded. */
  private encode(item: Outbound<M>) {
    if (item.isEncoded) return
    const room = item.maxBytes
    if (room > putRecordsLimits.recordBytes && item.dataBytes > putRecordsLimits.recordBytes) return // refused whole by the delivery
    if (this.used + room > this.arena.length) {
      this.arena = Buffer.allocUnsafeSlow(Math.max(arenaBytes, room))
      this.used = 0
    }
    item.encodeInto(this.arena, this.used)
    this.used += item.dataBytes
  }
}
