import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { testCredentials, testRegion } from "../awsTestConfig.js"
import { loopbackUrl, type StandIn } from "./StandIn.js"

/** The configuration of the SDK client that asks a starting stand-in whether it answers: one attempt, short timeouts. */
export const probeConfig = (endpoint: string) => ({
  endpoint,
  region: testRegion,
  credentials: testCredentials,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
  maxAttempts: 1
})

export interface StandInProcess<C extends { destroy(): void }> {
  /** How errors name the stand-in ("DynamoDB Local", "kinesis-mock"). */
  readonly name: string
  /**
   * The source `node -e` runs. It must exit (and end what it starts) when its stdin ends:
   * the runner holds the other end of that pipe, so when the runner dies without its
   * teardown (even by SIGKILL), the stand-in goes too instead of lingering on its ports.
   */
  readonly launcher: string
  readonly cwd?: string
  /** Added to the runner's environment. */
  readonly env: Record<string, string>
  /** Where the stand-in answers plain HTTP on 127.0.0.1. */
  readonly port: number
  /** The SDK client for the readiness call, built from `probeConfig`; destroyed once the wait is over. */
  readonly probeClient: (endpoint: string) => C
  /** A cheap call that succeeds once the stand-in answers. */
  readonly isReady: (client: C) => Promise<unknown>
  readonly pollMs: number
  readonly startTimeoutMs?: number
  /** The error when the child exits before answering; by default `<name> exited with code N: <output>`. */
  readonly exitError?: (code: number, output: string) => Error
}

/** Ends the whole process group (the launcher is started detached, as a group leader; what it starts is in its group). */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** SIGTERM to the group, SIGKILL after 3 s if it still runs; resolves when the launcher has exited. */
const stopGroup = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, "exit")
  killGroup(child, "SIGTERM")
  const forced = setTimeout(() => killGroup(child, "SIGKILL"), 3_000)
  await exited
  clearTimeout(forced)
}

/** Polls the readiness call until the stand-in answers, the process dies, or the time is up. */
const waitUntilReady = async <C extends { destroy(): void }>(
  spec: StandInProcess<C>,
  endpoint: string,
  child: ChildProcess,
  output: () => string
) => {
  const { name, startTimeoutMs = 30_000 } = spec
  const client = spec.probeClient(endpoint)
  const deadline = Date.now() + startTimeoutMs
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw spec.exitError?.(child.exitCode, output()) ?? new Error(`${name} exited with code ${child.exitCode}: ${output()}`)
      }
      const ready = await spec.isReady(client).then(() => true, () => false)
      if (ready) return
      if (Date.now() > deadline) throw new Error(`${name} did not answer on ${endpoint} within ${startTimeoutMs} ms: ${output()}`)
      await new Promise((resolve) => setTimeout(resolve, spec.pollMs))
    }
  } finally {
    client.destroy()
  }
}

/**
 * Starts a stand-in as a child of a small node process (its own process group, stdin a pipe
 * from the runner), keeps the last 2,000 characters of its output for errors, and waits until
 * it answers. On a failed start the group is stopped before the error is thrown; `stop` ends it.
 */
export const spawnStandIn = async <C extends { destroy(): void }>(spec: StandInProcess<C>): Promise<StandIn> => {
  const child = spawn(process.execPath, ["-e", spec.launcher], {
    ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...spec.env }
  })
  let output = ""
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000))
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  // On an ordinary exit of the runner without teardown, end it at once.
  const onExit = () => killGroup(child, "SIGKILL")
  process.once("exit", onExit)
  const stop = async () => {
    process.removeListener("exit", onExit)
    await stopGroup(child)
  }
  const endpoint = loopbackUrl(spec.port)
  try {
    await waitUntilReady(spec, endpoint, child, () => output.trim() || "(no output)")
  } catch (error) {
    await stop()
    throw error
  }
  return { endpoint, stop }
}
