/**
 * The environment variables the workers read (SPEC §2), each named once: the settings,
 * the stack that sets them, and the local runner that stands in for it all use these.
 */
export const settingNames = {
  awsRegion: "AWS_REGION",
  awsEndpointUrl: "AWS_ENDPOINT_URL",
  awsAccessKeyId: "AWS_ACCESS_KEY_ID",
  awsSecretAccessKey: "AWS_SECRET_ACCESS_KEY",
  awsSessionToken: "AWS_SESSION_TOKEN",
  demandTable: "DEMAND_TABLE",
  scoresStream: "SCORES_STREAM",
  campaignDataStream: "CAMPAIGN_DATA_STREAM",
  scoringBucket: "SCORING_BUCKET",
  verdictQueueUrl: "VERDICT_QUEUE_URL",
  campaignServiceUrl: "CAMPAIGN_SERVICE_URL",
  entryServiceUrl: "ENTRY_SERVICE_URL",
  serviceToken: "SERVICE_TOKEN",
  slackToken: "SLACK_TOKEN",
  slackChannel: "SLACK_CHANNEL",
  slackApiUrl: "SLACK_API_URL",
  verdictSettleSeconds: "VERDICT_SETTLE_SECONDS",
  verdictMaxAttempts: "VERDICT_MAX_ATTEMPTS",
  verdictGiveUpSeconds: "VERDICT_GIVE_UP_SECONDS",
  verdictClaimSeconds: "VERDICT_CLAIM_SECONDS",
  dataQualityMaxInvalid: "DATA_QUALITY_MAX_INVALID",
  loadDecodeThreads: "LOAD_DECODE_THREADS",
  lambdaFunctionName: "AWS_LAMBDA_FUNCTION_NAME",
  lambdaFunctionMemorySize: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  /** Where spans go over OTLP/HTTP (OpenTelemetry's own name): unset, none are exported. */
  otlpEndpoint: "OTEL_EXPORTER_OTLP_ENDPOINT",
  otelServiceName: "OTEL_SERVICE_NAME"
} as const

/** A per-service endpoint, as the SDK reads it: `AWS_ENDPOINT_URL_<SERVICE>`. */
export const serviceEndpointSetting = (service: string) => `${settingNames.awsEndpointUrl}_${service}`

/** The Secrets Manager ARN a secret setting is read from in AWS: `<NAME>_SECRET_ARN`. */
export const secretArnSetting = (name: string) => `${name}_SECRET_ARN`
