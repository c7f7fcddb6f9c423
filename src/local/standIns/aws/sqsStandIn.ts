import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"
import { createRequestHandler } from "local-aws-sqs"
import { portsAtListen, type PortChooser } from "./freePorts.js"
import { retryOnPortConflict } from "./portConflictRetry.js"
import { listenFailed, loopbackUrl, type StandIn, type StandInError } from "./StandIn.js"

const name = "local-aws-sqs"

export interface SqsStandInOptions {
  /** Its port on 127.0.0.1 (one the OS picks when absent; when taken, no other is tried). */
  readonly port?: number
  /** How each attempt chooses its port (by default port 0: the OS picks it as the server listens). */
  readonly choosePorts?: PortChooser
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
  retryOnPortConflict(
    Effect.gen(function* () {
      const port = options.port ?? (yield* (options.choosePorts ?? portsAtListen)(name, 1))[0]!
      const server = yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => listen(port), catch: listenFailed(name, port) }),
        (server) => Effect.promise(() => close(server))
      )
      return { name, endpoint: loopbackUrl((server.address() as AddressInfo).port) }
    }),
    options.port
  )
