import { type AddressInfo, createServer, type Server } from "node:net"
import { Effect } from "effect"
import { freePorts, type PortChooser } from "../../../src/local/standIns/aws/freePorts.js"

/**
 * A port on 127.0.0.1 that a server of this process holds until the scope closes, ending
 * at once what connects to it (a starting stand-in's readiness probe may), so that its
 * close does not wait on a connection nobody reads.
 */
export const takenPort = Effect.map(
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer((socket) => socket.destroy()).listen(0, "127.0.0.1", () => resolve(server))
        })
    ),
    (server) => Effect.promise(() => new Promise((resolve) => server.close(resolve)))
  ),
  (server) => (server.address() as AddressInfo).port
)

/** A port chooser for a stand-in under test, with the ports it handed out, one entry per attempt. */
export interface RecordingChooser {
  readonly choosePorts: PortChooser
  readonly choices: ReadonlyArray<ReadonlyArray<number>>
}

/**
 * Free ports, but on the first `times` choices the one at `index` is `taken` (a port a
 * server of the test holds): as if another process had taken it between choice and listen.
 */
export const takenAt = (taken: number, index = 0, times = 1): RecordingChooser => {
  const choices: Array<ReadonlyArray<number>> = []
  const choosePorts: PortChooser = (standIn, count) =>
    Effect.map(freePorts(standIn, count), (free) => {
      const ports = choices.length < times ? free.map((port, at) => (at === index ? taken : port)) : free
      choices.push(ports)
      return ports
    })
  return { choosePorts, choices }
}

/** Free ports every time (recorded, so a test sees how many attempts there were). */
export const freeOnly = (): RecordingChooser => takenAt(0, 0, 0)
