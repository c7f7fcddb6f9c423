import { ConfigProvider, Effect } from "effect"
import type { AwsEndpoints } from "./awsStandIns.js"
import type { StackResources } from "./bootstrapResources.js"
import { standInCredentials } from "./StandIn.js"
import { serviceEndpointSetting, settingNames } from "../../../services/settingNames.js"

/**
 * The settings that point every AWS client at the stand-ins, as the workers read them
 * (SPEC §2, through Config): one endpoint per service, the fake credentials (an empty
 * session token, so one from the environment is not mixed in), the region, and the
 * names of the resources created.
 */
export const standInSettings = (endpoints: AwsEndpoints, region: string, resources: StackResources): Map<string, string> =>
  new Map([
    [settingNames.awsRegion, region],
    [settingNames.awsAccessKeyId, standInCredentials.accessKeyId],
    [settingNames.awsSecretAccessKey, standInCredentials.secretAccessKey],
    [settingNames.awsSessionToken, ""],
    [serviceEndpointSetting("DYNAMODB"), endpoints.dynamodb],
    [serviceEndpointSetting("DYNAMODB_STREAMS"), endpoints.dynamodb],
    [serviceEndpointSetting("KINESIS"), endpoints.kinesis],
    [serviceEndpointSetting("SQS"), endpoints.sqs],
    [serviceEndpointSetting("S3"), endpoints.s3],
    [settingNames.demandTable, resources.demandTable],
    [settingNames.scoresStream, resources.scoresStream],
    [settingNames.campaignDataStream, resources.campaignDataStream],
    [settingNames.scoringBucket, resources.scoringBucket]
  ])

/** These settings first, then whatever the current provider gives (Slack, services, tuning…). */
export const overCurrentConfig = (settings: ReadonlyMap<string, string>): Effect.Effect<ConfigProvider.ConfigProvider> =>
  Effect.configProviderWith((current) =>
    Effect.succeed(ConfigProvider.fromMap(new Map(settings)).pipe(ConfigProvider.orElse(() => current)))
  )
