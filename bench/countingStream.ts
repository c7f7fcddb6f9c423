import { Effect, Layer } from "effect"
import { oneShard, type PutOutcome, type RecordStream, ScoresStream } from "../src/services/RecordStream.js"

/** A Kinesis stream that accepts every record and keeps only counts: what is measured is the producer. */
export class CountingStream implements RecordStream {
  records = 0
  bytes = 0
  calls = 0
  readonly openShards = oneShard
  constructor(readonly streamName = "scores-stream") {}

  readonly putRecords = (entries: ReadonlyArray<{ readonly partitionKey: string; readonly data: Uint8Array }>) =>
    Effect.sync(() => {
      this.calls++
      return entries.map((entry): PutOutcome => {
        this.records++
        this.bytes += entry.data.length
        return { accepted: true, shardId: "shardId-000000000000", sequenceNumber: String(this.records) }
      })
    })

  get layer() {
    return Layer.succeed(ScoresStream, this)
  }
}
