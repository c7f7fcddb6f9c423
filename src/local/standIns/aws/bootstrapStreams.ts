import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  type StreamDescriptionSummary
} from "@aws-sdk/client-kinesis"
import { Effect, Option } from "effect"
import { stackCall, StackError, pollUntil, unlessThere } from "./stackCall.js"

/** A Kinesis stream by name and ARN (the ARN is the eventSourceARN of its records in Lambda events). */
export interface StreamRef {
  readonly name: string
  readonly arn: string
}

const isActive = (stream: StreamDescriptionSummary | undefined): stream is StreamDescriptionSummary =>
  stream?.StreamStatus === "ACTIVE"

/** A Kinesis data stream (one shard when it is created), created unless it exists, awaited until ACTIVE. */
export const ensureStream = (client: KinesisClient, streamName: string, shardCount = 1): Effect.Effect<StreamRef, StackError> =>
  Effect.gen(function* () {
    const resource = `stream ${streamName}`
    yield* unlessThere("ResourceInUseException")(
      stackCall(resource, "CreateStream", (signal) =>
        client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }), { abortSignal: signal })
      )
    )
    const describe = stackCall(resource, "DescribeStreamSummary", (signal) =>
      client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }), { abortSignal: signal })
    )
    const summary = yield* pollUntil(
      resource,
      "ACTIVE",
      Effect.map(describe, (output) => Option.liftPredicate(output.StreamDescriptionSummary, isActive))
    )
    if (summary.StreamARN === undefined) {
      return yield* Effect.fail(new StackError({ resource, reason: "DescribeStreamSummary gave no StreamARN" }))
    }
    return { name: streamName, arn: summary.StreamARN }
  })
