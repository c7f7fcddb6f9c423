import { DescribeTableCommand } from "@aws-sdk/client-dynamodb"
import { DescribeStreamSummaryCommand, type KinesisClient } from "@aws-sdk/client-kinesis"
import { HeadBucketCommand } from "@aws-sdk/client-s3"
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs"
import { Config, Effect, Option } from "effect"
import type { MissingSetting } from "../../../services/errors.js"
import { setting } from "../../../services/Settings.js"
import type { BootstrappedResources, StackResources } from "./bootstrapResources.js"
import { retriedWhileTransient, StackError, stackCall } from "./stackCall.js"
import { stackClients } from "./stackClients.js"
import { settingNames } from "../../../services/settingNames.js"

const missingCodes = new Set(["ResourceNotFoundException", "NotFound", "NoSuchBucket", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"])

/**
 * A lookup retried while it fails transiently (a throttle or a reset never ends a run at
 * its start); a resource that is not there fails at once, saying how to create it.
 */
const orMissing = <A>(effect: Effect.Effect<A, StackError>) =>
  Effect.catchIf(
    retriedWhileTransient(effect),
    (error) => error.code !== undefined && missingCodes.has(error.code),
    (error) => Effect.fail(new StackError({ resource: error.resource, reason: "not found: create the resources with `vf-workers bootstrap --endpoint URL`" }))
  )

const streamArn = (client: KinesisClient, name: string) =>
  stackCall(`stream ${name}`, "DescribeStreamSummary", (signal) =>
    client.send(new DescribeStreamSummaryCommand({ StreamName: name }), { abortSignal: signal })
  ).pipe(
    orMissing,
    Effect.map((output) => ({ name, arn: output.StreamDescriptionSummary?.StreamARN ?? "" }))
  )

const queueUrlOf = (client: SQSClient, name: string) =>
  stackCall(`queue ${name}`, "GetQueueUrl", (signal) => client.send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal: signal })).pipe(
    orMissing,
    Effect.map((output) => output.QueueUrl ?? "")
  )

/** The dead-letter queue of the queue's redrive policy; "" when it has none. */
const deadLetterQueueOf = (client: SQSClient, queueUrl: string) =>
  Effect.gen(function* () {
    const { Attributes } = yield* stackCall(`queue ${queueUrl}`, "GetQueueAttributes", (signal) =>
      client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }), { abortSignal: signal })
    ).pipe(orMissing)
    const policy = Attributes?.["RedrivePolicy"]
    if (policy === undefined) return ""
    const target = String((JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn ?? "")
    return target === "" ? "" : yield* queueUrlOf(client, target.split(":").at(-1)!)
  })

/**
 * Finds the resources the settings name, as `vf-workers bootstrap` made them, without
 * creating anything: the table and its stream, both streams, the queue (VERDICT_QUEUE_URL,
 * else by name) with its dead-letter queue, the bucket. One that is missing fails naming it.
 */
export const lookupResources = (resources: StackResources): Effect.Effect<BootstrappedResources, StackError | MissingSetting> =>
  Effect.scoped(
    Effect.gen(function* () {
      const { dynamo, kinesis, sqs, s3 } = yield* stackClients
      const table = `table ${resources.demandTable}`
      const described = yield* stackCall(table, "DescribeTable", (signal) =>
        dynamo.send(new DescribeTableCommand({ TableName: resources.demandTable }), { abortSignal: signal })
      ).pipe(orMissing)
      const tableStreamArn = described.Table?.LatestStreamArn
      if (tableStreamArn === undefined) return yield* Effect.fail(new StackError({ resource: table, reason: "has no stream (NEW_AND_OLD_IMAGES is needed)" }))
      const configured = yield* setting(settingNames.verdictQueueUrl, Config.option(Config.nonEmptyString(settingNames.verdictQueueUrl)))
      const queueUrl = Option.isSome(configured) ? configured.value : yield* queueUrlOf(sqs, resources.queue)
      yield* stackCall(`bucket ${resources.scoringBucket}`, "HeadBucket", (signal) =>
        s3.send(new HeadBucketCommand({ Bucket: resources.scoringBucket }), { abortSignal: signal })
      ).pipe(orMissing)
      return {
        tableStreamArn,
        streams: { scores: yield* streamArn(kinesis, resources.scoresStream), campaignData: yield* streamArn(kinesis, resources.campaignDataStream) },
        queueUrl,
        dlqUrl: yield* deadLetterQueueOf(sqs, queueUrl)
      }
    })
  )
