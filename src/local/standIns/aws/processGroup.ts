import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { standInParentVariable } from "./StandIn.js"

/** How a launcher ended: its exit code, or the signal that ended it, or why it never started. */
export interface LauncherExit {
  readonly code?: number
  readonly description: string
}

/** A small node process (`node -e <launcher>`) leading its own process group, with what it starts in that group. */
export interface LauncherProcess {
  readonly pid: number | undefined
  /** The last 2,000 characters of its output (stdout and stderr). */
  readonly output: () => string
  /** How it ended; undefined while it runs. */
  readonly exit: () => LauncherExit | undefined
  /**
   * Ends the launcher's stdin (it ends what it started and exits), SIGKILL to the whole
   * group after 3 s; resolves once no process of the group is left (5 s at most). Idempotent.
   */
  readonly stop: () => Promise<void>
}

export interface LauncherOptions {
  /**
   * The source `node -e` runs. It must exit when its stdin ends, after ending (and so
   * reaping) what it started: `stop` ends that pipe, and when the runner dies without its
   * finalizers (even by SIGKILL) its end closes too, so the stand-in goes instead of
   * lingering on its ports.
   */
  readonly launcher: string
  readonly cwd?: string
  /** Added to the runner's environment. */
  readonly env: Readonly<Record<string, string>>
}

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const describeExit = (child: ChildProcess, spawnError: Error | undefined): LauncherExit | undefined => {
  if (spawnError !== undefined && child.pid === undefined) return { description: `could not start: ${spawnError.message}` }
  if (child.exitCode !== null) return { code: child.exitCode, description: `exited with code ${child.exitCode}` }
  if (child.signalCode !== null) return { description: `was ended by ${child.signalCode}` }
  return undefined
}

/**
 * Starts the launcher detached (a group leader: what it starts is in its group), stdin a
 * pipe from this process, and keeps the tail of its output. Should this process exit
 * without stopping it, the group is killed on the way out.
 */
export const launch = (options: LauncherOptions): LauncherProcess => {
  const child = spawn(process.execPath, ["-e", options.launcher], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...options.env, [standInParentVariable]: String(process.pid) }
  })
  let output = ""
  let spawnError: Error | undefined
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000))
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  child.on("error", (error) => void (spawnError = error))
  // The pipe closes with the launcher; a write error then is expected, not a crash.
  child.stdin?.on("error", () => undefined)
  const onExit = () => killGroup(child, "SIGKILL")
  process.once("exit", onExit)
  const stop = async () => {
    process.removeListener("exit", onExit)
    const pid = child.pid
    if (pid === undefined) return
    const launcherExited = describeExit(child, spawnError) !== undefined ? Promise.resolve() : once(child, "exit")
    child.stdin?.end()
    const forced = setTimeout(() => killGroup(child, "SIGKILL"), 3_000)
    await launcherExited
    // Whatever is left of the group (nothing, when the launcher ended what it started) goes now.
    killGroup(child, "SIGKILL")
    for (const deadline = Date.now() + 5_000; groupAlive(pid) && Date.now() < deadline; ) await sleep(20)
    clearTimeout(forced)
  }
  return { pid: child.pid, output: () => output, exit: () => describeExit(child, spawnError), stop }
}
