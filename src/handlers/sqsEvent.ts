import { Schema } from "effect"
import type { QueueMessageIn } from "../pipelines/verdictReporter/VerdictReporterResult.js"

/** The part of an SQS event (Lambda event source) the reporter reads. */
export const SqsEvent = Schema.Struct({
  Records: Schema.Array(Schema.Struct({ messageId: Schema.String, body: Schema.String }))
})
export type SqsEvent = typeof SqsEvent.Type

export const queueMessagesOf = (event: SqsEvent): Array<QueueMessageIn> =>
  event.Records.map(({ messageId, body }) => ({ messageId, body }))

/** An SQS event for messages, shaped exactly as Lambda delivers one. */
export const sqsEventOf = (queueArn: string, messages: ReadonlyArray<QueueMessageIn & { receiveCount?: number }>) => ({
  Records: messages.map((message) => ({
    messageId: message.messageId,
    receiptHandle: `local-${message.messageId}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount ?? 1),
      SentTimestamp: String(Date.now()),
      SenderId: "LOCAL",
      ApproximateFirstReceiveTimestamp: String(Date.now())
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(":")[3] ?? "us-east-1"
  }))
})
