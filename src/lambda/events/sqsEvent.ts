import { Schema } from "effect"
import type { QueueMessageIn } from "../../pipelines/verdictReporter/VerdictReporterResult.js"
import { parseReason, type RecordReader, recordReader, whereOf } from "./eventRecords.js"

/** The part of an SQS event's record (Lambda event source) the reporter reads. */
const SqsRecord = Schema.Struct({ messageId: Schema.NonEmptyString, body: Schema.String })

const decodeRecord = Schema.decodeUnknownEither(SqsRecord)

const sqsWhere = whereOf({
  messageId: ["messageId"],
  receiveCount: ["attributes", "ApproximateReceiveCount"],
  eventSourceARN: ["eventSourceARN"]
})

/**
 * One message of an SQS event; a body that is not a verdict message is dropped later, by
 * the reporter. One without a messageId or a string body cannot be read (nor handed back).
 */
export const readQueueMessage: RecordReader<QueueMessageIn> = recordReader(sqsWhere, (record) => parseReason(decodeRecord(record)))

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
