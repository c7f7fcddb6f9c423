import { ConfigProvider, Layer } from "effect"
import type { AwsEndpoints } from "./globalSetup.js"

/** The fake credentials every stand-in accepts (s3rver checks them; the others ignore them). */
export const testCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const
export const testRegion = "us-east-1"

/**
 * Test processes do not inherit the globalSetup's environment: the SDK's default
 * credential chain reads the fake credentials from here.
 */
export const useTestCredentials = () => {
  process.env["AWS_ACCESS_KEY_ID"] = testCredentials.accessKeyId
  process.env["AWS_SECRET_ACCESS_KEY"] = testCredentials.secretAccessKey
  process.env["AWS_REGION"] = testRegion
  quietSdkNodeWarning()
}

/** Node 20 is supported by these SDK versions; the SDK's notice about 2027 is noise in test output. */
export const quietSdkNodeWarning = () => {
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true"
}

/**
 * The settings of a worker under test, as a config provider layer (the real environment
 * is not read, so a setting left out here is missing). Sets the test credentials.
 */
export const awsTestConfig = (settings: Record<string, string>): Layer.Layer<never> => {
  useTestCredentials()
  const values = new Map(Object.entries({ AWS_REGION: testRegion, ...settings }))
  return Layer.setConfigProvider(ConfigProvider.fromMap(values))
}

/**
 * One stand-in per service, through the SDK's per-service variables
 * (AWS_ENDPOINT_URL_<SERVICE>), which the SDK reads from process.env itself.
 */
export const serviceEndpointSettings = (endpoints: AwsEndpoints): Record<string, string> => {
  const settings = {
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb
  }
  Object.assign(process.env, settings)
  return settings
}

/** A name no other test file or run uses, within the limits of buckets, streams and queues. */
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

/** The names a CLI run's resources get from its environment, unique to one test, and the stand-ins' keys. */
export const runResourceEnvironment = (prefix: string) => {
  const names = uniqueName(prefix)
  return {
    DEMAND_TABLE: `${names}-table`,
    SCORES_STREAM: `${names}-scores`,
    CAMPAIGN_DATA_STREAM: `${names}-campaign-data`,
    SCORING_BUCKET: `${names}-bucket`,
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey
  }
}
