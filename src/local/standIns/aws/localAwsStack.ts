import { ConfigProvider, Effect, type Scope } from "effect"
import type { MissingSetting } from "../../../services/errors.js"
import { AwsRegion, setting } from "../../../services/Settings.js"
import { type AwsEndpoints, awsStandIns, type AwsStandInsOptions, closedOnFailure } from "./awsStandIns.js"
import type { StackError } from "./stackCall.js"
import { bootstrapResources, type BootstrappedResources, type StackResources, stackResources } from "./bootstrapResources.js"
import { overCurrentConfig, standInSettings } from "./localAwsSettings.js"
import type { StandIn, StandInError } from "./StandIn.js"
import { settingNames } from "../../../services/settingNames.js"

export interface LocalAwsStackOptions extends AwsStandInsOptions {
  /** Other names or queue behaviour than the settings give (a short visibility timeout by default). */
  readonly resources?: Partial<StackResources>
}

/** The running stand-ins, what was created on them, and the settings that point the AWS clients at them. */
export interface LocalAwsStack extends BootstrappedResources {
  readonly endpoints: AwsEndpoints
  readonly standIns: ReadonlyArray<StandIn>
  readonly resources: StackResources
  /** AWS_ENDPOINT_URL_<SERVICE>, credentials, region, resource names and VERDICT_QUEUE_URL. */
  readonly settings: ReadonlyMap<string, string>
  /** `settings` over the provider current when the stack started: give it to the workers with Effect.withConfigProvider. */
  readonly configProvider: ConfigProvider.ConfigProvider
}

/** A failed message comes back after this many seconds in local runs (SQS's default is 30). */
export const localVisibilityTimeoutSeconds = 2

/**
 * The AWS side of the system on this machine, over the real protocols: DynamoDB Local,
 * kinesis-mock, local-aws-sqs and s3rver on free loopback ports, started in parallel, with
 * the resources the settings name created on them. Everything is stopped when the scope
 * closes, and at once when the start fails or is interrupted (one line says why).
 */
export const localAwsStack = (
  options: LocalAwsStackOptions = {}
): Effect.Effect<LocalAwsStack, StandInError | StackError | MissingSetting, Scope.Scope> =>
  closedOnFailure(
    Effect.gen(function* () {
      const resources = yield* stackResources({ visibilityTimeoutSeconds: localVisibilityTimeoutSeconds, ...options.resources })
      const region = yield* setting(settingNames.awsRegion, AwsRegion)
      const { endpoints, standIns } = yield* awsStandIns(options)
      const base = standInSettings(endpoints, region, resources)
      const created = yield* bootstrapResources(resources).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(base)))
      const settings = new Map([...base, [settingNames.verdictQueueUrl, created.queueUrl]])
      const configProvider = yield* overCurrentConfig(settings)
      return { ...created, endpoints, standIns, resources, settings, configProvider }
    })
  )
