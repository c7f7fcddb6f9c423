import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { bootstrapResources, stackResources } from "../standIns/aws/bootstrapResources.js"
import { overCurrentConfig } from "../standIns/aws/localAwsSettings.js"
import { oneLineFailure } from "./failure.js"
import { settingNames } from "../../services/settingNames.js"

const endpoint = Options.text("endpoint").pipe(
  Options.withDescription("LocalStack or another AWS endpoint at this URL (AWS itself when absent)"),
  Options.optional
)
const json = Options.boolean("json").pipe(Options.withDescription("print what was made as JSON"))

/**
 * `vf-workers bootstrap`: creates, idempotently, the resources the settings name — the
 * demand table with its stream, both Kinesis streams, the verdict queue with its
 * dead-letter queue, the scoring bucket — and prints them.
 */
export const bootstrapCommand = Command.make("bootstrap", { endpoint, json }, (options) =>
  Effect.gen(function* () {
    const provider = yield* overCurrentConfig(new Map(Option.toArray(Option.map(options.endpoint, (url) => [settingNames.awsEndpointUrl, url] as const))))
    const made = yield* Effect.flatMap(stackResources(), (resources) =>
      Effect.map(bootstrapResources(resources), (created) => ({ resources, created }))
    ).pipe(Effect.withConfigProvider(provider))
    const { resources, created } = made
    const lines = [
      `table ${resources.demandTable}: stream ${created.tableStreamArn}`,
      `stream ${created.streams.scores.name}: ${created.streams.scores.arn}`,
      `stream ${created.streams.campaignData.name}: ${created.streams.campaignData.arn}`,
      `queue ${resources.queue}: ${created.queueUrl} (dead letters: ${created.dlqUrl})`,
      `bucket ${resources.scoringBucket}`,
      "",
      `export VERDICT_QUEUE_URL=${created.queueUrl}`
    ]
    yield* Console.log(options.json ? JSON.stringify({ resources, ...created }, null, 2) : lines.join("\n"))
  }).pipe(oneLineFailure("bootstrap"))
).pipe(Command.withDescription("create the table, streams, queues and bucket the workers need (idempotent)"))
