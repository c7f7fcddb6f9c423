import { Context, Effect, Layer } from "effect"
import { kinesisRecordStream, makeKinesisClient } from "../../../src/layers/aws/KinesisRecordStream.js"
import { ScoresStream } from "../../../src/services/RecordStream.js"
import type { HeldRecord } from "../contracts/recordStreamContract.js"
import { testKinesisClient } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { createActiveStream, readAllRecords } from "../../support/kinesisTestStream.js"

/** Every record of the stream under test, read back from the start of each shard. */
export class StreamRecords extends Context.Tag("test/StreamRecords")<StreamRecords, Effect.Effect<ReadonlyArray<HeldRecord>>>() {}

/**
 * A stream of two shards of the test file's own at `endpoint` (kinesis-mock or moto), the
 * Kinesis adapter over it as the scores stream, and a reader of what it holds. The
 * endpoint is asked for when the layer is built, so a back-end that is missing fails each test.
 */
export const kinesisStreamOfOwn = (endpoint: () => string) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const at = endpoint()
      const streamName = uniqueName("stream-contract")
      const client = yield* testKinesisClient(at)
      yield* createActiveStream(client, streamName, 2)
      const stream = Layer.scoped(ScoresStream, Effect.map(makeKinesisClient, (client) => kinesisRecordStream(client, streamName))).pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: at })))
      return Layer.merge(stream, Layer.succeed(StreamRecords, readAllRecords(client, streamName)))
    })
  )
