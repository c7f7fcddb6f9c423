import { NodeHttpHandler } from "@smithy/node-http-handler"
import { Effect, Option } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import { AwsEndpointUrl, AwsRegion, setting } from "../../services/Settings.js"

/** The settings every AWS SDK v3 client of the workers is built with. */
export interface AwsClientConfig {
  readonly region: string
  /** Only when AWS_ENDPOINT_URL is set; otherwise the SDK resolves it (and still honours AWS_ENDPOINT_URL_<SERVICE>). */
  readonly endpoint?: string
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

/** Region, optional endpoint and request handler, read from AWS_REGION and AWS_ENDPOINT_URL. */
export const awsClientConfig: Effect.Effect<AwsClientConfig, MissingSetting> = Effect.gen(function* () {
  const region = yield* setting("AWS_REGION", AwsRegion)
  const endpoint = Option.filter(yield* setting("AWS_ENDPOINT_URL", AwsEndpointUrl), (url) => url.trim() !== "")
  const requestHandler = httpHandler()
  return Option.match(endpoint, {
    onNone: () => ({ region, requestHandler }),
    onSome: (url) => ({ region, endpoint: url.trim(), requestHandler })
  })
})
