import { NodeHttpHandler } from "@smithy/node-http-handler"
import { Config, Effect, Option, Redacted } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import { AwsEndpointUrl, AwsRegion, setting } from "../../services/Settings.js"
import { serviceEndpointSetting, settingNames } from "../../services/settingNames.js"

/** The services the workers and the local runner build clients of, as the SDK names them in AWS_ENDPOINT_URL_<SERVICE>. */
export type AwsService = "DYNAMODB" | "DYNAMODB_STREAMS" | "KINESIS" | "S3" | "SQS" | "SECRETS_MANAGER" | "LAMBDA"

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** The settings every AWS SDK v3 client of the workers is built with. */
export interface AwsClientConfig {
  readonly region: string
  /** Only when an endpoint is configured; otherwise the SDK resolves it. */
  readonly endpoint?: string
  /** Only when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are configured; otherwise the SDK's credential chain. */
  readonly credentials?: AwsCredentials
  readonly requestHandler: NodeHttpHandler
}

const agentOptions = { keepAlive: true, maxSockets: 50 }

/**
 * HTTP/1.1 with keep-alive for every client (the Kinesis client would otherwise use
 * HTTP/2, which emulators such as kinesis-mock do not speak). A new handler per
 * client, so destroying a client closes its own sockets.
 */
const httpHandler = () =>
  new NodeHttpHandler({
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    throwOnRequestTimeout: true,
    socketTimeout: 60_000,
    httpAgent: agentOptions,
    httpsAgent: agentOptions
  })

const nonEmpty = (value: Option.Option<string>) => Option.filter(Option.map(value, (v) => v.trim()), (v) => v !== "")

const optionalSetting = (name: string) =>
  Effect.map(setting(name, Config.option(Config.string(name))), nonEmpty)

/** AWS_ENDPOINT_URL_<SERVICE> when set, else AWS_ENDPOINT_URL: the SDK's own precedence, read through Config. */
const endpointFor = (service: AwsService | undefined): Effect.Effect<Option.Option<string>, MissingSetting> =>
  Effect.gen(function* () {
    const own = service === undefined ? Option.none<string>() : yield* optionalSetting(serviceEndpointSetting(service))
    return Option.isSome(own) ? own : nonEmpty(yield* setting(settingNames.awsEndpointUrl, AwsEndpointUrl))
  })

/** Static credentials when both keys are configured (with the session token, when there is one). */
const configuredCredentials = Effect.gen(function* () {
  const accessKeyId = yield* optionalSetting(settingNames.awsAccessKeyId)
  const secret = yield* setting(settingNames.awsSecretAccessKey, Config.option(Config.redacted(settingNames.awsSecretAccessKey)))
  const sessionToken = yield* optionalSetting(settingNames.awsSessionToken)
  const secretAccessKey = nonEmpty(Option.map(secret, Redacted.value))
  if (Option.isNone(accessKeyId) || Option.isNone(secretAccessKey)) return Option.none<AwsCredentials>()
  return Option.some<AwsCredentials>({
    accessKeyId: accessKeyId.value,
    secretAccessKey: secretAccessKey.value,
    ...(Option.isSome(sessionToken) ? { sessionToken: sessionToken.value } : {})
  })
})

/**
 * The configuration of a client of `service`, read through Config (so a ConfigProvider,
 * not only process.env, can point the clients at emulators): region (AWS_REGION), endpoint
 * (AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL), credentials (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and the request handler. What is not set is
 * left to the SDK's own resolution.
 */
export const awsServiceClientConfig = (service: AwsService | undefined): Effect.Effect<AwsClientConfig, MissingSetting> =>
  Effect.gen(function* () {
    const region = yield* setting(settingNames.awsRegion, AwsRegion)
    const endpoint = yield* endpointFor(service)
    const credentials = yield* configuredCredentials
    return {
      region,
      ...(Option.isSome(endpoint) ? { endpoint: endpoint.value } : {}),
      ...(Option.isSome(credentials) ? { credentials: credentials.value } : {}),
      requestHandler: httpHandler()
    }
  })
