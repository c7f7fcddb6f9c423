import { readdirSync, readFileSync } from "node:fs"
import { type AddressInfo, createServer, type Server } from "node:net"
import { Effect } from "effect"
import { standInParentVariable } from "../../../src/local/standIns/aws/StandIn.js"

const environOf = (pid: string): ReadonlyArray<string> => {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0")
  } catch {
    return [] // gone meanwhile, or not ours to read
  }
}

/**
 * The live processes the process `parent` started as stand-ins, and what they started (the
 * JVM): every process whose environment carries VF_STANDIN_PARENT=<parent>, so stand-ins
 * of other processes on the machine do not count. Reads /proc (Linux).
 */
export const standInProcessesOf = (parent: number): Array<number> => {
  const marker = `${standInParentVariable}=${parent}`
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => environOf(pid).includes(marker))
    .map(Number)
}

/** The stand-in processes this test process started. */
export const standInProcessesOfThisProcess = (): Array<number> => standInProcessesOf(process.pid)

/** Whether some process of the process group is still there. */
export const processGroupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** Whether a server could listen on 127.0.0.1:port right now (nothing holds it). */
export const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer()
    server.once("error", () => resolve(false))
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
  })

/** A port on 127.0.0.1 that a server of this process holds until the scope closes. */
export const holdAPort = Effect.map(
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer().listen(0, "127.0.0.1", () => resolve(server))
        })
    ),
    (server) => Effect.promise(() => new Promise((resolve) => server.close(resolve)))
  ),
  (server) => (server.address() as AddressInfo).port
)
