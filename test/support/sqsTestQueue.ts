import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs"
import { Effect } from "effect"
import { call } from "./awsTestClients.js"

/** Creates a queue and returns its URL. */
export const createQueue = (client: SQSClient, queueName: string) =>
  call((signal) => client.send(new CreateQueueCommand({ QueueName: queueName }), { abortSignal: signal })).pipe(
    Effect.map((output) => output.QueueUrl!)
  )

/** Receives (and deletes) the messages visible now, waiting up to waitSeconds for the first; returns their bodies. */
export const receiveBodies = (client: SQSClient, queueUrl: string, waitSeconds = 0) =>
  Effect.gen(function* () {
    const output = yield* call((signal) =>
      client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }), {
        abortSignal: signal
      })
    )
    const messages = output.Messages ?? []
    yield* Effect.forEach(messages, (message) =>
      call((signal) => client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }), { abortSignal: signal }))
    )
    return messages.map((message) => message.Body ?? "")
  })
