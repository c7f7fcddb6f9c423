import { Duration } from "effect"
import { createServer } from "node:net"
import { describe, expect, it } from "vitest"
import { reachTableRetry } from "../../../src/local/cli/reconcileTable.js"
import { runCli } from "../../support/cliRun.js"

/** A loopback port nothing listens on: one the system gave, then closed. */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/** No credentials anywhere the SDK's chain looks (environment, files, instance metadata). */
const noCredentials = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_CONFIG_FILE: "/nonexistent/config",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined
}
const someCredentials = { AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_REGION: "us-east-1" }

/** What a run said, and how long it took from spawn to exit. */
const timed = async (args: ReadonlyArray<string>, env: Record<string, string | undefined>) => {
  const started = performance.now()
  const run = await runCli(args, { env, timeoutMs: 60_000 })
  return { ...run, seconds: (performance.now() - started) / 1000 }
}

describe("vf-workers reconcile when DynamoDB cannot be reached", () => {
  it("waits well under a second for its retries in all, however the calls fail", () => {
    // Each wait is at most its cap: baseDelay doubling, never over maxDelay.
    const caps = Array.from({ length: reachTableRetry.retries }, (_, i) =>
      Math.min(Duration.toMillis(reachTableRetry.baseDelay) * 2 ** i, Duration.toMillis(reachTableRetry.maxDelay))
    )
    expect(caps.reduce((sum, cap) => sum + cap, 0)).toBeLessThan(1000)
  })

  it("says in one line that the endpoint refused the connection, and exits 1 promptly", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`
    const run = await timed(["reconcile", "c1001", "--endpoint", endpoint], someCredentials)
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" })
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^vf-workers reconcile: .*ECONNREFUSED/)])
    // The workers' retry policy alone would wait 4.6 to 9 s; the process's own start is most of what is left.
    expect(run.seconds).toBeLessThan(12)
  }, 60_000)

  it("says in one line that there are no credentials, and exits 1 promptly", async () => {
    const run = await timed(["reconcile", "c1001"], noCredentials)
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" })
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^vf-workers reconcile: .*credentials/i)])
    expect(run.seconds).toBeLessThan(12)
  }, 60_000)
})
