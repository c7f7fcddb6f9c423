import { mkdtemp, rm } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import S3rver from "s3rver"
import { portsAtListen, type PortChooser } from "./freePorts.js"
import { retryOnPortConflict } from "./portConflictRetry.js"
import { listenFailed, loopbackUrl, type StandIn, type StandInError } from "./StandIn.js"

const name = "s3rver"

export interface S3StandInOptions {
  /** Its port on 127.0.0.1 (one the OS picks when absent; when taken, no other is tried). */
  readonly port?: number
  /** How each attempt chooses its port (by default port 0: the OS picks it as the server listens). */
  readonly choosePorts?: PortChooser
}

interface Running {
  readonly server: Server
  readonly directory: string
}

const listen = (server: Server, port: number) =>
  new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => resolve())
  })

const stop = async ({ server, directory }: Running) => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  await rm(directory, { recursive: true, force: true })
}

/**
 * s3rver's app over a new temporary directory, on a server of our own (its run() leaves a
 * failed listen as an unhandled error event); on a failed start the directory is removed.
 */
const start = async (port: number): Promise<Running> => {
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"))
  const server = createServer(new S3rver({ silent: true, directory }).callback())
  try {
    await listen(server, port)
    return { server, directory }
  } catch (error) {
    await rm(directory, { recursive: true, force: true })
    throw error
  }
}

/** s3rver, in this process, on loopback until the scope closes (its directory removed then). Credentials S3RVER/S3RVER. */
export const s3StandIn = (options: S3StandInOptions = {}): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  retryOnPortConflict(
    Effect.gen(function* () {
      const port = options.port ?? (yield* (options.choosePorts ?? portsAtListen)(name, 1))[0]!
      const { server } = yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => start(port), catch: listenFailed(name, port) }),
        (running) => Effect.promise(() => stop(running))
      )
      return { name, endpoint: loopbackUrl((server.address() as AddressInfo).port) }
    }),
    options.port
  )
