import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { AwsEndpoints } from "../../src/local/standIns/aws/awsStandIns.js"
import { loopbackUrl } from "../../src/local/standIns/aws/StandIn.js"

/** Which stand-in a call is for: JSON-protocol services name themselves in X-Amz-Target; the rest is S3. */
const routeOf = (endpoints: AwsEndpoints, target: string | undefined): string => {
  if (target === undefined) return endpoints.s3
  if (target.startsWith("Kinesis_")) return endpoints.kinesis
  if (target.startsWith("AmazonSQS")) return endpoints.sqs
  if (target.startsWith("DynamoDB")) return endpoints.dynamodb // DynamoDB_20120810 and DynamoDBStreams_20120810
  return endpoints.s3
}

/** Forwards the call as it came (Host header included, so S3's signature still holds) and streams the answer back. */
const forward = (endpoints: AwsEndpoints) => (incoming: IncomingMessage, answer: ServerResponse) => {
  const upstream = new URL(routeOf(endpoints, incoming.headers["x-amz-target"] as string | undefined))
  const outgoing = request(
    { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
    (reply) => {
      answer.writeHead(reply.statusCode ?? 502, reply.headers)
      reply.pipe(answer)
    }
  )
  outgoing.on("error", (error) => answer.writeHead(502).end(String(error)))
  incoming.pipe(outgoing)
}

export interface SingleEndpoint {
  readonly url: string
  readonly close: () => Promise<void>
}

/**
 * One loopback endpoint in front of the four stand-ins, the way LocalStack offers every
 * service on one port: what `--endpoint URL` is for.
 */
export const singleEndpoint = (endpoints: AwsEndpoints): Promise<SingleEndpoint> =>
  new Promise((resolve, reject) => {
    const server = createServer(forward(endpoints))
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: loopbackUrl((server.address() as AddressInfo).port),
        close: () =>
          new Promise((done) => {
            server.close(() => done())
            server.closeAllConnections()
          })
      })
    )
  })
