import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs"
import { Effect, Schedule } from "effect"
import { call } from "./awsTestClients.js"

/** Creates a queue and returns its URL. */
export const createQueue = (client: SQSClient, queueName: string) =>
  call((signal) => client.send(new CreateQueueCommand({ QueueName: queueName }), { abortSignal: signal })).pipe(
    Effect.map((output) => output.QueueUrl!)
  )

/** Receives (and deletes) the messages visible right now; returns their bodies. */
export const receiveBodies = (client: SQSClient, queueUrl: string) =>
  Effect.gen(function* () {
    const output = yield* call((signal) =>
      client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }), {
        abortSignal: signal
      })
    )
    const messages = output.Messages ?? []
    yield* Effect.forEach(messages, (message) =>
      call((signal) => client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }), { abortSignal: signal }))
    )
    return messages.map((message) => message.Body ?? "")
  })

/** Polls (every 100 ms, up to 5 s) until some message is visible; returns the bodies received. */
export const awaitBodies = (client: SQSClient, queueUrl: string) =>
  receiveBodies(client, queueUrl).pipe(
    Effect.filterOrFail((bodies) => bodies.length > 0, () => new Error(`no message on ${queueUrl} within 5 s`)),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("5 seconds"))),
    Effect.orDie
  )
