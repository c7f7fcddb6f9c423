import type { StreamEntry } from "../../services/RecordStream.js"

/** Kinesis PutRecords limits. */
export const putRecordsLimits = {
  records: 500,
  bytes: 5 * 1024 * 1024,
  recordBytes: 1024 * 1024
} as const

/**
 * A record bound for a stream, with what the pipeline needs to report on it. Its JSON
 * is encoded to UTF-8 once, when its batch is complete: all the records of a batch into
 * one buffer (one allocation per PutRecords call, not one per record), or alone when its
 * entry is asked for first.
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

/** Encodes a batch's records together, into one buffer. */
const encodeTogether = <M>(batch: ReadonlyArray<Outbound<M>>) => {
  let total = 0
  for (const item of batch) total += item.dataBytes
  const buffer = Buffer.allocUnsafe(total)
  let at = 0
  for (const item of batch) {
    item.encodeInto(buffer, at)
    at += item.dataBytes
  }
  return batch
}

/** Groups entries into PutRecords calls of at most 500 records and 5 MiB. */
export class RecordBatcher<M> {
  private batch: Array<Outbound<M>> = []
  private bytes = 0

  constructor(private readonly limits: { records: number; bytes: number } = putRecordsLimits) {}

  push(items: Iterable<Outbound<M>>): Array<ReadonlyArray<Outbound<M>>> {
    const full: Array<ReadonlyArray<Outbound<M>>> = []
    for (const item of items) {
      if (this.batch.length >= this.limits.records || this.bytes + item.size > this.limits.bytes) {
        if (this.batch.length > 0) full.push(encodeTogether(this.batch))
        this.batch = []
        this.bytes = 0
      }
      this.batch.push(item)
      this.bytes += item.size
    }
    return full
  }

  end(): Array<ReadonlyArray<Outbound<M>>> {
    const last = this.batch
    this.batch = []
    this.bytes = 0
    return last.length > 0 ? [encodeTogether(last)] : []
  }
}
