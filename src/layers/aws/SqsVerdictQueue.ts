import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs"
import { Effect, Layer } from "effect"
import { type MissingSetting, QueueSendError } from "../../services/errors.js"
import { required } from "../../services/Settings.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"
import { sendRetried } from "./transientRetry.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

const sqsClient = Effect.acquireRelease(
  Effect.map(awsServiceClientConfig("SQS"), (config) => new SQSClient(config)),
  (client) => Effect.sync(() => client.destroy())
)

/** The verdict reporter's queue on SQS, over a client of the caller's; the body is the message as JSON. */
export const sqsVerdictQueue = (client: SQSClient, queueUrl: string): VerdictQueue["Type"] =>
  VerdictQueue.of({
    // A send retried after a lost answer may deliver twice: the reporter handles a report once however often asked.
    send: (message, delaySeconds) =>
      sendRetried(
        (signal) =>
          client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }), {
            abortSignal: signal
          }),
        (error) => new QueueSendError({ queue: queueUrl, reason: describeAwsError(error) })
      ).pipe(Effect.asVoid)
  })

/** The verdict reporter's queue (VERDICT_QUEUE_URL) on SQS, with its own client. */
export const SqsVerdictQueueLive: Layer.Layer<VerdictQueue, MissingSetting> = Layer.scoped(
  VerdictQueue,
  Effect.gen(function* () {
    const queueUrl = yield* required(settingNames.verdictQueueUrl)
    return withPortSpans(portName(VerdictQueue), sqsVerdictQueue(yield* sqsClient, queueUrl))
  })
)
