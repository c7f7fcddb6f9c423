import { createServer, type Server } from "node:net"

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

/** `count` distinct TCP ports on 127.0.0.1 that nothing listens on right now (the OS picks them for port 0). */
export const freePorts = async (count: number): Promise<Array<number>> => {
  const servers = await Promise.all(Array.from({ length: count }, listenOnAnyPort))
  const ports = servers.map(portOf)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}
