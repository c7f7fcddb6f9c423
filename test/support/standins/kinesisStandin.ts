import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { createRequire } from "node:module"
import { dirname } from "node:path"
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { freePorts } from "./freePort.js"
import { loopbackUrl, type StandIn } from "./StandIn.js"

const startTimeoutMs = 30_000

/**
 * Runs the mock's main.js, and exits as soon as its stdin closes: when the test runner
 * dies without its teardown (even by SIGKILL), its end of the pipe closes and the mock
 * goes with it instead of lingering on its ports.
 */
const launcher = `process.stdin.on("end", () => process.exit(0)); process.stdin.resume(); require("./main.js")`
const packageDir = dirname(createRequire(import.meta.url).resolve("kinesis-local/package.json"))

/** Ends the whole process group of the mock (it is started detached, as a group leader). */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

const stopMock = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, "exit")
  killGroup(child, "SIGTERM")
  const forced = setTimeout(() => killGroup(child, "SIGKILL"), 3_000)
  await exited
  clearTimeout(forced)
}

/** Polls ListStreams until the mock answers, the process dies, or the time is up. */
const waitUntilReady = async (endpoint: string, child: ChildProcess, output: () => string) => {
  const client = new KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
    maxAttempts: 1
  })
  const deadline = Date.now() + startTimeoutMs
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`kinesis-mock exited with code ${child.exitCode}: ${output()}`)
      const ready = await client.send(new ListStreamsCommand({})).then(() => true, () => false)
      if (ready) return
      if (Date.now() > deadline) throw new Error(`kinesis-mock did not answer on ${endpoint} within ${startTimeoutMs} ms: ${output()}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  } finally {
    client.destroy()
  }
}

/** kinesis-mock (npm kinesis-local) as a child process on two free loopback ports (plain HTTP is used). */
export const startKinesis = async (): Promise<StandIn> => {
  const [plainPort, tlsPort] = (await freePorts(2)) as [number, number]
  const child = spawn(process.execPath, ["-e", launcher], {
    cwd: packageDir,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      LOG_LEVEL: "WARN",
      CREATE_STREAM_DURATION: "100ms",
      DELETE_STREAM_DURATION: "100ms"
    }
  })
  let output = ""
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000))
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  // On an ordinary exit of the runner without teardown, end it at once.
  const onExit = () => killGroup(child, "SIGKILL")
  process.once("exit", onExit)
  const endpoint = loopbackUrl(plainPort)
  try {
    await waitUntilReady(endpoint, child, () => output.trim() || "(no output)")
  } catch (error) {
    process.removeListener("exit", onExit)
    await stopMock(child)
    throw error
  }
  return {
    endpoint,
    stop: async () => {
      process.removeListener("exit", onExit)
      await stopMock(child)
    }
  }
}
