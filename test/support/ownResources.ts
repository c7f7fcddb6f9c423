import { ConfigProvider, Effect } from "effect"
import { awsSide } from "../../src/local/cli/flow/awsSide.js"
import { bootstrapResources, stackResources } from "../../src/local/standIns/aws/bootstrapResources.js"
import { testCredentials, uniqueName, useTestCredentials } from "./awsTestConfig.js"
import { collectingKeeper } from "../../src/local/cli/flow/RecordKeeper.js"

export interface OwnResourcesOptions {
  /** Where the clients go: AWS_ENDPOINT_URL (a proxy) or the per-service endpoint settings. */
  readonly endpoints: Readonly<Record<string, string>>
  readonly label: string
  readonly visibilityTimeoutSeconds: number
  readonly maxReceiveCount: number
  readonly extra?: Readonly<Record<string, string>>
}

/** Settings naming resources of a test's own (unique names, the queue's name the URL's last part), the clients at `endpoints`. */
export const ownResourceSettings = (endpoints: Readonly<Record<string, string>>, label: string) => {
  useTestCredentials()
  const names = uniqueName(label)
  return new Map([
    ...Object.entries(endpoints),
    ["AWS_ACCESS_KEY_ID", testCredentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", testCredentials.secretAccessKey],
    ["DEMAND_TABLE", `${names}-table`],
    ["SCORES_STREAM", `${names}-scores`],
    ["CAMPAIGN_DATA_STREAM", `${names}-data`],
    ["SCORING_BUCKET", `${names}-bucket`],
    ["VERDICT_QUEUE_URL", `http://127.0.0.1/000000000000/${names}-verdicts`]
  ])
}

/**
 * The runner's AWS side on resources of the test's own (unique names), made as `vf-workers
 * bootstrap` makes them, and the settings that name them (the queue's URL as created).
 */
export const sideOnOwnResources = (options: OwnResourcesOptions) =>
  Effect.gen(function* () {
    const settings = new Map([...ownResourceSettings(options.endpoints, options.label), ...Object.entries(options.extra ?? {})])
    const { visibilityTimeoutSeconds, maxReceiveCount } = options
    const named = Effect.withConfigProvider(ConfigProvider.fromMap(settings))
    const wanted = yield* stackResources({ visibilityTimeoutSeconds, maxReceiveCount }).pipe(named)
    const resources = yield* bootstrapResources(wanted).pipe(named)
    const provider = ConfigProvider.fromMap(new Map([...settings, ["VERDICT_QUEUE_URL", resources.queueUrl]]))
    const kept = collectingKeeper()
    const side = yield* awsSide({ mode: "test", resources, start: "TRIM_HORIZON", keeper: kept }).pipe(
      Effect.withConfigProvider(provider)
    )
    return { side, wanted, resources, provider, keeper: kept }
  })
