import { Effect } from "effect"
import { StreamPutError } from "../../services/errors.js"
import type { RecordStream } from "../../services/RecordStream.js"
import { type EndOfFile, endOfFileJson } from "../../services/schemas/EndOfFile.js"
import { defaultPutRetry, deliverBatch, type RetryPolicy } from "./deliverRecords.js"
import { type Outbound, outbound } from "./recordBatches.js"

/**
 * Puts an end-of-file mark on every open shard of the stream (by explicit hash key), after
 * the file's records: a consumer past the mark on a shard is past every record of the load
 * there. Gives the number of shards marked; a mark that does not go through fails the load,
 * since without it the load's changes can never be known to be counted.
 */
export const putEndOfFileMarks = (
  stream: RecordStream,
  mark: Omit<EndOfFile, "__control">,
  retry: RetryPolicy = defaultPutRetry
): Effect.Effect<number, StreamPutError> =>
  Effect.gen(function* () {
    const shards = yield* stream.openShards
    const json = endOfFileJson(mark)
    const marks: Array<Outbound<string>> = shards.map((shard) => {
      const entry = outbound(mark.run, json, shard.shardId)
      entry.explicitHashKey = shard.startingHashKey
      return entry
    })
    const delivery = yield* deliverBatch(stream, marks, retry)
    const [failed] = delivery.failed
    if (failed !== undefined) {
      const reason = `end-of-file mark for ${failed.item.meta} not accepted: ${failed.reason}`
      return yield* new StreamPutError({ stream: stream.streamName, reason, retryable: true })
    }
    return shards.length
  })
