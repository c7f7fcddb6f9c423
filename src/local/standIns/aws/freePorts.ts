import { createServer, type Server } from "node:net"
import { Effect } from "effect"
import { StandInError } from "./StandIn.js"

const listenOnAnyPort = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve(server))
  })

const portOf = (server: Server) => {
  const address = server.address()
  if (typeof address !== "object" || address === null) throw new Error("no port assigned")
  return address.port
}

const closeAll = (servers: ReadonlyArray<Server>) =>
  Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))

/**
 * How one attempt to start a stand-in chooses its `count` ports on 127.0.0.1. A port may
 * be taken between the choice and the stand-in's listen; the start then tries again.
 */
export type PortChooser = (standIn: string, count: number) => Effect.Effect<ReadonlyArray<number>, StandInError>

/** Port 0 each: the OS picks a free one as the server listens (no window for another process). */
export const portsAtListen: PortChooser = (_standIn, count) => Effect.succeed(Array.from({ length: count }, () => 0))

/**
 * `count` distinct TCP ports on 127.0.0.1 that nothing listens on right now (the OS picks
 * them for port 0), for stand-ins that run as child processes and need a port up front.
 */
export const freePorts = (standIn: string, count: number): Effect.Effect<Array<number>, StandInError> =>
  Effect.tryPromise({
    try: async () => {
      const listens = await Promise.allSettled(Array.from({ length: count }, listenOnAnyPort))
      const servers = listens.flatMap((listen) => (listen.status === "fulfilled" ? [listen.value] : []))
      try {
        const failed = listens.find((listen) => listen.status === "rejected")
        if (failed !== undefined) throw failed.reason
        return servers.map(portOf)
      } finally {
        await closeAll(servers)
      }
    },
    catch: (error) => new StandInError({ standIn, reason: `${standIn}: no free port on 127.0.0.1: ${String(error)}` })
  })
