import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type QueueAttributeName,
  ReceiveMessageCommand,
  type SQSClient
} from "@aws-sdk/client-sqs"
import { Array as Arr, Effect } from "effect"
import { retriedWhileTransient, StackError, stackCall } from "../../standIns/aws/stackCall.js"
import type { QueueRecord, VerdictInbox } from "./FlowSide.js"

const waiting: Array<QueueAttributeName> = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed"
]

/** A received message as Lambda puts it into an SQS event. */
const lambdaRecordOf = (queueArn: string, region: string) => (message: Message): QueueRecord => ({
  messageId: message.MessageId ?? "",
  receiptHandle: message.ReceiptHandle ?? "",
  body: message.Body ?? "",
  attributes: message.Attributes ?? {},
  messageAttributes: message.MessageAttributes ?? {},
  md5OfBody: message.MD5OfBody ?? "",
  eventSource: "aws:sqs",
  eventSourceARN: queueArn,
  awsRegion: region
})

/**
 * The verdict queue on SQS as Lambda's SQS event source polls it: batches of up to 10
 * received messages; the handled ones deleted, the failed ones left to come back when
 * their visibility timeout ends (and to go to the dead-letter queue after maxReceiveCount);
 * `visibilitySeconds`, when given, hides each received message that long instead of the queue's own timeout.
 */
export const sqsInbox = (client: SQSClient, queueUrl: string, region: string, visibilitySeconds?: number) =>
  Effect.gen(function* () {
    const resource = `queue ${queueUrl}`
    const attributes = (url: string, names: Array<QueueAttributeName>) =>
      stackCall(`queue ${url}`, "GetQueueAttributes", (signal) =>
        client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }), { abortSignal: signal })
      ).pipe(Effect.map((output) => output.Attributes ?? {}))
    // The runner's own lookups are retried while they fail transiently (its polls are retried where they are driven).
    const queueArn = (yield* retriedWhileTransient(attributes(queueUrl, ["QueueArn"])))["QueueArn"] ?? ""

    const receive = stackCall(resource, "ReceiveMessage", (signal) =>
      client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          ...(visibilitySeconds === undefined ? {} : { VisibilityTimeout: visibilitySeconds }),
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"]
        }),
        { abortSignal: signal }
      )
    ).pipe(Effect.map((output) => (output.Messages ?? []).map(lambdaRecordOf(queueArn, region))))

    const deleteBatch = (batch: ReadonlyArray<QueueRecord>) =>
      stackCall(resource, "DeleteMessageBatch", (signal) =>
        client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((record, i) => ({ Id: String(i), ReceiptHandle: String(record["receiptHandle"]) }))
          }),
          { abortSignal: signal }
        )
      ).pipe(
        Effect.flatMap((output) =>
          (output.Failed ?? []).length === 0
            ? Effect.void
            : Effect.fail(new StackError({ resource, reason: `DeleteMessageBatch failed for ${output.Failed?.length} messages: ${output.Failed?.[0]?.Message}` }))
        )
      )

    const settle = (batch: ReadonlyArray<QueueRecord>, failed: ReadonlySet<string>) => {
      const handled = batch.filter((record) => !failed.has(record.messageId))
      return handled.length === 0 ? Effect.void : deleteBatch(handled)
    }

    const waitForMore = Effect.gen(function* () {
      const counts = yield* attributes(queueUrl, waiting)
      const held = Arr.reduce(waiting, 0, (sum, name) => sum + Number(counts[name] ?? 0))
      if (held === 0) return false
      yield* Effect.sleep("200 millis")
      return true
    })

    /** Messages in the dead-letter queue `dlqUrl`. */
    const deadLetters = (dlqUrl: string) =>
      Effect.map(retriedWhileTransient(attributes(dlqUrl, ["ApproximateNumberOfMessages"])), (counts) => Number(counts["ApproximateNumberOfMessages"] ?? 0))

    const inbox: VerdictInbox = { receive, settle, waitForMore }
    return { inbox, deadLetters }
  })
