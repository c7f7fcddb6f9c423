import { createRequire } from "node:module"
import { dirname } from "node:path"
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis"
import { freePorts } from "./freePort.js"
import { probeConfig, spawnStandIn } from "./spawnStandIn.js"
import type { StandIn } from "./StandIn.js"

/**
 * Runs the mock's main.js, and exits as soon as its stdin closes: when the test runner
 * dies without its teardown (even by SIGKILL), its end of the pipe closes and the mock
 * goes with it instead of lingering on its ports.
 */
const launcher = `process.stdin.on("end", () => process.exit(0)); process.stdin.resume(); require("./main.js")`
const packageDir = dirname(createRequire(import.meta.url).resolve("kinesis-local/package.json"))

/** kinesis-mock (npm kinesis-local) as a child process on two free loopback ports (plain HTTP is used). */
export const startKinesis = async (): Promise<StandIn> => {
  const [plainPort, tlsPort] = (await freePorts(2)) as [number, number]
  return spawnStandIn({
    name: "kinesis-mock",
    launcher,
    cwd: packageDir,
    env: {
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      LOG_LEVEL: "WARN",
      CREATE_STREAM_DURATION: "100ms",
      DELETE_STREAM_DURATION: "100ms"
    },
    port: plainPort,
    probeClient: (endpoint) => new KinesisClient(probeConfig(endpoint)),
    isReady: (client) => client.send(new ListStreamsCommand({})),
    pollMs: 200
  })
}
