import { createRequire } from "node:module"
import { dirname } from "node:path"
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis"
import { Effect, type Scope } from "effect"
import { freePorts, type PortChooser } from "./freePorts.js"
import { retryOnPortConflict } from "./portConflictRetry.js"
import { probeConfig, spawnStandIn } from "./spawnStandIn.js"
import type { StandIn, StandInError } from "./StandIn.js"

const name = "kinesis-mock"

/**
 * Runs the mock's main.js, and exits as soon as its stdin closes: when the runner dies
 * without its finalizers (even by SIGKILL), its end of the pipe closes and the mock goes
 * with it instead of lingering on its ports.
 */
const launcher = `process.stdin.on("end", () => process.exit(0)); process.stdin.resume(); require("./main.js")`
const packageDir = dirname(createRequire(import.meta.url).resolve("kinesis-local/package.json"))

export interface KinesisStandInOptions {
  /** Its plain HTTP port on 127.0.0.1 (a free one when absent; when taken, no other is tried); its TLS port is always a free one. */
  readonly port?: number
  /** How each attempt chooses its free ports, TLS first (`freePorts` by default). */
  readonly choosePorts?: PortChooser
}

/**
 * kinesis-mock (npm kinesis-local) as a child process on loopback (plain HTTP is used),
 * until the scope closes; started again on fresh ports when one it chose was taken.
 */
export const kinesisStandIn = (options: KinesisStandInOptions = {}): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  retryOnPortConflict(
    Effect.gen(function* () {
      const [tlsPort, freePlainPort] = yield* (options.choosePorts ?? freePorts)(name, options.port === undefined ? 2 : 1)
      const port = options.port ?? freePlainPort
      return yield* spawnStandIn({
        name,
        launcher,
        cwd: packageDir,
        env: {
          KINESIS_MOCK_PLAIN_PORT: String(port),
          KINESIS_MOCK_TLS_PORT: String(tlsPort),
          LOG_LEVEL: "WARN",
          CREATE_STREAM_DURATION: "100ms",
          DELETE_STREAM_DURATION: "100ms"
        },
        port,
        probeClient: (endpoint) => new KinesisClient(probeConfig(endpoint)),
        isReady: (client, signal) => client.send(new ListStreamsCommand({}), { abortSignal: signal }),
        pollMs: 200
      })
    }),
    options.port
  )
