import { NodeHttpHandler } from "@smithy/node-http-handler"
import { Effect, type Scope } from "effect"
import { type LauncherExit, launch, type LauncherOptions, type LauncherProcess } from "./processGroup.js"
import { addressInUse, lastLines, loopbackUrl, type StandIn, standInCredentials, StandInError, standInRegion } from "./StandIn.js"

/** The configuration of the SDK client that asks a starting stand-in whether it answers: one attempt, short timeouts. */
export const probeConfig = (endpoint: string) => ({
  endpoint,
  region: standInRegion,
  credentials: standInCredentials,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true }),
  maxAttempts: 1
})

export interface StandInProcess<C extends { destroy(): void }> extends LauncherOptions {
  readonly name: string
  /** Where the stand-in answers plain HTTP on 127.0.0.1. */
  readonly port: number
  /** The SDK client for the readiness call, built from `probeConfig`; destroyed once the wait is over. */
  readonly probeClient: (endpoint: string) => C
  /** A cheap call that succeeds once the stand-in answers. */
  readonly isReady: (client: C, signal: AbortSignal) => Promise<unknown>
  readonly pollMs: number
  readonly startTimeoutMs?: number
  /** The line when the launcher ends before answering; by default `<name> exited with code N: <last output>`. */
  readonly exitReason?: (exit: LauncherExit, output: string) => string | undefined
}

const portTaken = /EADDRINUSE|Address already in use/i
/** Node's listen error names the port (`listen EADDRINUSE: address already in use :::4567`); a JVM's does not. */
const takenPortNamed = /EADDRINUSE.*?:(\d+)/

/** The port the output says was taken (its own port when it does not say which), if it says so. */
const portConflict = <C extends { destroy(): void }>(spec: StandInProcess<C>, output: string) =>
  portTaken.test(output) ? addressInUse(spec.name, Number(takenPortNamed.exec(output)?.[1] ?? spec.port)) : undefined

/** Why the launcher ended before answering, in one line (and which port was taken, when that is why). */
const exitError = <C extends { destroy(): void }>(spec: StandInProcess<C>, exit: LauncherExit, output: string) => {
  const special = spec.exitReason?.(exit, output)
  if (special !== undefined) return new StandInError({ standIn: spec.name, reason: special })
  const reason = `${spec.name} ${exit.description}: ${lastLines(output)}`
  return portConflict(spec, output) ?? new StandInError({ standIn: spec.name, reason })
}

/** Polls the readiness call until the stand-in answers, its launcher ends or says a port was taken, or the time is up. */
const waitUntilReady = <C extends { destroy(): void }>(spec: StandInProcess<C>, endpoint: string, running: LauncherProcess) =>
  Effect.acquireUseRelease(
    Effect.sync(() => spec.probeClient(endpoint)),
    (client) =>
      Effect.gen(function* () {
        const { name, startTimeoutMs = 30_000 } = spec
        // Something else on the port may accept and never answer: each attempt is bounded.
        const answers = Effect.tryPromise((signal) => spec.isReady(client, signal)).pipe(
          Effect.timeout("3 seconds"),
          Effect.as(true),
          Effect.orElseSucceed(() => false)
        )
        const deadline = Date.now() + startTimeoutMs
        for (;;) {
          const exit = running.exit()
          if (exit !== undefined) return yield* Effect.fail(exitError(spec, exit, running.output()))
          // kinesis-mock may live on, not answering, after one of its listens failed.
          const conflict = portConflict(spec, running.output())
          if (conflict !== undefined) return yield* Effect.fail(conflict)
          if (yield* answers) return
          if (Date.now() > deadline) {
            const reason = `${name} did not answer on ${endpoint} within ${startTimeoutMs} ms: ${lastLines(running.output())}`
            return yield* Effect.fail(new StandInError({ standIn: name, reason }))
          }
          yield* Effect.sleep(spec.pollMs)
        }
      }),
    (client) => Effect.sync(() => client.destroy())
  )

/**
 * A stand-in run as a child of a small node process (its own process group, stdin a pipe
 * from this process), ready once it answers. Stopped when the scope closes, and at once
 * when it fails to start or the start is interrupted.
 */
export const spawnStandIn = <C extends { destroy(): void }>(
  spec: StandInProcess<C>
): Effect.Effect<StandIn, StandInError, Scope.Scope> =>
  Effect.gen(function* () {
    const running = yield* Effect.acquireRelease(
      Effect.sync(() => launch(spec)),
      (running) => Effect.promise(running.stop)
    )
    const endpoint = loopbackUrl(spec.port)
    yield* waitUntilReady(spec, endpoint, running).pipe(Effect.onError(() => Effect.promise(running.stop)))
    return { name: spec.name, endpoint, ...(running.pid === undefined ? {} : { processGroup: running.pid }) }
  })
