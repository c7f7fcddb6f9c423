import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"
import { createRequestHandler } from "local-aws-sqs"
import { listenFailed, loopbackUrl, type StandIn, type StandInError } from "./StandIn.js"

const name = "local-aws-sqs"

export interface SqsStandInOptions {
  /** Its port on 127.0.0.1 (one the OS picks when absent). */
  readonly port?: number
}

/**
 * The package's request handler on a server of our own (its createSqsServer leaves a
 * failed listen as an unhandled error event); the service learns its port for queue URLs.
 */
const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const { requestHandler, service } = createRequestHandler({ port, hostname: "127.0.0.1" })
    const server = createServer((request, response) => void requestHandler(request, response))
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      service.PORT = (server.address() as AddressInfo).port
      resolve(server)
    })
  })

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/** local-aws-sqs, in this process, on loopback until the scope closes; queue URLs point back at it. */
export const sqsStandIn = (options: SqsStandInOptions = {}): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({ try: () => listen(options.port ?? 0), catch: listenFailed(name, options.port ?? 0) }),
      (server) => Effect.promise(() => close(server))
    ),
    (server) => ({ name, endpoint: loopbackUrl((server.address() as AddressInfo).port) })
  )
