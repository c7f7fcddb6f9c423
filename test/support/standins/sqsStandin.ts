import type { AddressInfo } from "node:net"
import { createSqsServer } from "local-aws-sqs"
import { loopbackUrl, type StandIn } from "./StandIn.js"

/** local-aws-sqs, in-process; queue URLs point back at this server. */
export const startSqs = async (): Promise<StandIn> => {
  const server = await createSqsServer({ port: 0, hostname: "127.0.0.1" })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: loopbackUrl(port),
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
