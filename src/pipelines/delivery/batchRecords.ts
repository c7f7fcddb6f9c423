import { Chunk, Stream } from "effect"
import { type Outbound, putRecordsLimits, RecordBatcher } from "./recordBatches.js"

/**
 * Stage: records bound for a stream → batches of at most `limits.records` records and
 * `limits.bytes` bytes (PutRecords' 500 and 5 MiB by default), in order, each record
 * encoded once into its batch's buffer (RecordBatcher). The last, partial batch comes at
 * the end. Each run of the stream has its own batcher.
 */
export const batchRecords =
  <M>(limits: { readonly records: number; readonly bytes: number } = putRecordsLimits) =>
  <E, R>(records: Stream.Stream<Outbound<M>, E, R>): Stream.Stream<ReadonlyArray<Outbound<M>>, E, R> =>
    Stream.suspend(() => {
      const batcher = new RecordBatcher<M>(limits)
      return Stream.concat(
        Stream.mapChunks(records, (chunk) => Chunk.unsafeFromArray(batcher.push(chunk))),
        Stream.suspend(() => Stream.fromIterable(batcher.end()))
      )
    })
