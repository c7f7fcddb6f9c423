import { type ClientRequest, createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { loopbackUrl } from "../../../src/local/standIns/aws/StandIn.js"
import type { FaultDecision, FaultStats, FaultTally } from "./faultTally.js"

/** What a fault proxy (AWS or HTTP) offers its test. */
export interface ListeningProxy<K extends string> {
  readonly url: string
  readonly stats: () => FaultStats<K>
  readonly decisions: () => ReadonlyArray<FaultDecision<K>>
  readonly pause: () => void
  readonly resume: () => void
  readonly close: () => Promise<void>
}

/** What a proxy's handler shares with its server: the tally, pending timers and upstream calls, and whether faults are paused. */
export interface ProxyState<K extends string> {
  readonly tally: FaultTally<K>
  readonly timers: Set<NodeJS.Timeout>
  readonly upstreamCalls: Set<ClientRequest>
  paused: boolean
}

export const proxyState = <K extends string>(tally: FaultTally<K>): ProxyState<K> => ({
  tally,
  timers: new Set(),
  upstreamCalls: new Set(),
  paused: false
})

/** Listens on a free loopback port; closing clears pending timers and upstream calls first. */
export const listenProxy = <K extends string>(
  state: ProxyState<K>,
  handle: (incoming: IncomingMessage, answer: ServerResponse) => void
): Promise<ListeningProxy<K>> =>
  new Promise((resolve, reject) => {
    const server = createServer(handle)
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: loopbackUrl((server.address() as AddressInfo).port),
        stats: () => state.tally.stats(),
        decisions: () => state.tally.decisions(),
        pause: () => void (state.paused = true),
        resume: () => void (state.paused = false),
        close: () =>
          new Promise((done) => {
            for (const timer of state.timers) clearTimeout(timer)
            state.timers.clear()
            for (const outgoing of state.upstreamCalls) outgoing.destroy()
            server.close(() => done())
            server.closeAllConnections()
          })
      })
    )
  })
