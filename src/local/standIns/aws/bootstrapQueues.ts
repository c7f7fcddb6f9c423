import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs"
import { Effect } from "effect"
import { stackCall, StackError } from "./stackCall.js"

export interface QueueSettings {
  readonly queue: string
  readonly deadLetterQueue: string
  /** Seconds a received message stays invisible: how soon a failed message comes back. */
  readonly visibilityTimeoutSeconds: number
  /** Receives after which SQS moves a message to the dead-letter queue. */
  readonly maxReceiveCount: number
}

export interface QueueUrls {
  readonly queueUrl: string
  readonly dlqUrl: string
}

/**
 * The dead-letter queue, then the queue with its redrive policy. CreateQueue is idempotent
 * when the attributes are the same; a queue of that name with other attributes is an error.
 */
export const ensureQueues = (client: SQSClient, settings: QueueSettings): Effect.Effect<QueueUrls, StackError> =>
  Effect.gen(function* () {
    const create = (queueName: string, attributes: Record<string, string>) =>
      stackCall(`queue ${queueName}`, "CreateQueue", (signal) =>
        client.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }), { abortSignal: signal })
      ).pipe(
        Effect.flatMap(({ QueueUrl }) =>
          QueueUrl === undefined
            ? Effect.fail(new StackError({ resource: `queue ${queueName}`, reason: "CreateQueue gave no QueueUrl" }))
            : Effect.succeed(QueueUrl)
        )
      )
    const dlqUrl = yield* create(settings.deadLetterQueue, {})
    const dlq = yield* stackCall(`queue ${settings.deadLetterQueue}`, "GetQueueAttributes", (signal) =>
      client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }), { abortSignal: signal })
    )
    const deadLetterTargetArn = dlq.Attributes?.["QueueArn"] ?? ""
    const queueUrl = yield* create(settings.queue, {
      VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn, maxReceiveCount: settings.maxReceiveCount })
    })
    return { queueUrl, dlqUrl }
  })
