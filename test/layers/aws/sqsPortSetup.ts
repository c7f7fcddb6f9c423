import { Context, Effect, Layer } from "effect"
import { SqsVerdictQueueLive } from "../../../src/layers/aws/SqsVerdictQueue.js"
import { testSqsClient } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { createQueue, receiveBodies } from "../../support/sqsTestQueue.js"

/** The messages visible on the queue under test now, their bodies parsed, deleted once read. */
export class QueueReader extends Context.Tag("test/QueueReader")<QueueReader, Effect.Effect<ReadonlyArray<unknown>>>() {}

/**
 * A queue of the test file's own at `endpoint` (local-aws-sqs or moto), the SQS adapter
 * over it as the verdict queue, and a reader of it. The endpoint is asked for when the
 * layer is built, so a back-end that is missing fails each test.
 */
export const sqsQueueOfOwn = (endpoint: () => string) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const at = endpoint()
      const client = yield* testSqsClient(at)
      const queueUrl = yield* createQueue(client, uniqueName("verdict-contract"))
      const queue = SqsVerdictQueueLive.pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: at, VERDICT_QUEUE_URL: queueUrl })))
      const read = Effect.map(receiveBodies(client, queueUrl), (bodies) => bodies.map((body) => JSON.parse(body) as unknown))
      return Layer.merge(queue, Layer.succeed(QueueReader, read))
    })
  )
