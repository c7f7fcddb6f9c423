import { ConfigProvider, Effect } from "effect"
import type { AwsEndpoints } from "./awsStandIns.js"
import type { StackResources } from "./bootstrapResources.js"
import { standInCredentials } from "./StandIn.js"

/**
 * The settings that point every AWS client at the stand-ins, as the workers read them
 * (SPEC §2, through Config): one endpoint per service, the fake credentials (an empty
 * session token, so one from the environment is not mixed in), the region, and the
 * names of the resources created.
 */
export const standInSettings = (endpoints: AwsEndpoints, region: string, resources: StackResources): Map<string, string> =>
  new Map([
    ["AWS_REGION", region],
    ["AWS_ACCESS_KEY_ID", standInCredentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", standInCredentials.secretAccessKey],
    ["AWS_SESSION_TOKEN", ""],
    ["AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamodb],
    ["AWS_ENDPOINT_URL_DYNAMODB_STREAMS", endpoints.dynamodb],
    ["AWS_ENDPOINT_URL_KINESIS", endpoints.kinesis],
    ["AWS_ENDPOINT_URL_SQS", endpoints.sqs],
    ["AWS_ENDPOINT_URL_S3", endpoints.s3],
    ["DEMAND_TABLE", resources.demandTable],
    ["SCORES_STREAM", resources.scoresStream],
    ["CAMPAIGN_DATA_STREAM", resources.campaignDataStream],
    ["SCORING_BUCKET", resources.scoringBucket]
  ])

/** These settings first, then whatever the current provider gives (Slack, services, tuning…). */
export const overCurrentConfig = (settings: ReadonlyMap<string, string>): Effect.Effect<ConfigProvider.ConfigProvider> =>
  Effect.configProviderWith((current) =>
    Effect.succeed(ConfigProvider.fromMap(new Map(settings)).pipe(ConfigProvider.orElse(() => current)))
  )
