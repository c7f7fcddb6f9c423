import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb"
import { Effect, type Scope } from "effect"
import { freePorts } from "../../src/local/standIns/aws/freePorts.js"
import { retryOnPortConflict } from "../../src/local/standIns/aws/portConflictRetry.js"
import type { LauncherExit } from "../../src/local/standIns/aws/processGroup.js"
import { probeConfig, spawnStandIn } from "../../src/local/standIns/aws/spawnStandIn.js"
import type { StandIn, StandInError } from "../../src/local/standIns/aws/StandIn.js"

const name = "moto"
/** The launcher's exit code when there is no moto_server to run (a shell's "command not found"). */
const motoMissing = 127

/** How to get moto when it is missing, in the words of its failure. */
export const motoInstallHint = "install moto 5 with its server (pip install 'moto[server]>=5,<6') so that moto_server is on the PATH"

/**
 * Runs `moto_server -H 127.0.0.1 -p PORT` as a child of a small node process (its own
 * process group, stdin a pipe from the test run), and SIGKILLs it when that stdin ends:
 * on stop, or when the test run dies without its teardown. moto keeps everything in
 * memory: nothing to flush. A pyenv shim without moto also exits 127.
 */
const launcher = `
const moto = require("node:child_process").spawn(process.env.MOTO_SERVER_COMMAND, ["-H", "127.0.0.1", "-p", process.env.MOTO_PORT], { stdio: "inherit" })
moto.on("error", (error) => {
  console.error(String(error))
  process.exit(error.code === "ENOENT" ? ${motoMissing} : 1)
})
moto.on("exit", (code) => process.exit(code ?? 1))
process.stdin.on("end", () => moto.kill("SIGKILL"))
process.stdin.resume()
`

const exitReason = (exit: LauncherExit, output: string) =>
  exit.code === motoMissing || /command not found|No module named ['"]?(moto|flask|werkzeug)/i.test(output)
    ? `moto_server could not be run (${exit.description}): ${motoInstallHint}`
    : undefined

export interface MotoServerOptions {
  /** The command to run (`moto_server`, found on the PATH, by default). */
  readonly command?: string
  /** How long its first answer may take (moto imports a service's module on its first call). */
  readonly startTimeoutMs?: number
}

/**
 * moto's server (S3, SQS, DynamoDB with Streams and Kinesis on one endpoint, the way
 * LocalStack offers them) on a free loopback port until the scope closes; ready once a
 * ListTables answers (which also loads its DynamoDB backend). Started again on a fresh
 * port when the one it chose was taken.
 */
export const motoServer = (options: MotoServerOptions = {}): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  retryOnPortConflict(
    Effect.gen(function* () {
      const [port] = yield* freePorts(name, 1)
      return yield* spawnStandIn({
        name,
        launcher,
        env: { MOTO_SERVER_COMMAND: options.command ?? "moto_server", MOTO_PORT: String(port!) },
        port: port!,
        probeClient: (endpoint) => new DynamoDBClient(probeConfig(endpoint)),
        isReady: (client, signal) => client.send(new ListTablesCommand({}), { abortSignal: signal }),
        pollMs: 100,
        startTimeoutMs: options.startTimeoutMs ?? 60_000,
        exitReason
      })
    }),
    undefined
  )

/** Clears everything moto holds (every account, region and service): `POST /moto-api/reset`. */
export const resetMoto = async (endpoint: string): Promise<void> => {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" })
  if (!response.ok) throw new Error(`moto reset at ${endpoint}: HTTP ${response.status}`)
}
