import type { StreamEntry } from "../../services/RecordStream.js"

/** Kinesis PutRecords limits. */
export const putRecordsLimits = {
  records: 500,
  bytes: 5 * 1024 * 1024,
  recordBytes: 1024 * 1024
} as const

/** An entry bound for a stream, with what the pipeline needs to report on it. */
export interface Outbound<M> {
  readonly entry: StreamEntry
  readonly meta: M
  /** Bytes the entry counts against the limits: data plus partition key. */
  readonly size: number
}

const encoder = new TextEncoder()

export const outbound = <M>(partitionKey: string, json: string, meta: M): Outbound<M> => {
  const data = encoder.encode(json)
  return { entry: { partitionKey, data }, meta, size: data.length + Buffer.byteLength(partitionKey) }
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
        if (this.batch.length > 0) full.push(this.batch)
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
    return last.length > 0 ? [last] : []
  }
}
