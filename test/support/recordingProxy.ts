import { createServer, request } from "node:http"
import type { AddressInfo } from "node:net"
import { Context, Effect, Layer } from "effect"
import { loopbackUrl } from "../../src/local/standIns/aws/StandIn.js"

/** An error the proxy answers instead of forwarding, as an AWS JSON-protocol service would. */
export interface InjectedFailure {
  readonly status: number
  readonly type: string
  /** Only calls of this operation get it; any call when absent. */
  readonly operation?: string
  /** More fields of the error's body (`CancellationReasons` of a cancelled transaction…). */
  readonly fields?: Readonly<Record<string, unknown>>
}

/**
 * A loopback HTTP proxy in front of a JSON-protocol AWS stand-in (DynamoDB Local): it
 * records the operation of each call (`X-Amz-Target`), the most calls it saw in flight
 * at once, and can answer the next calls with an error instead of forwarding them.
 */
export class RecordingProxy extends Context.Tag("test/RecordingProxy")<
  RecordingProxy,
  {
    readonly endpoint: string
    /** Operations of the calls so far (`PutItem`, …), in arrival order; cleared by `reset`. */
    readonly operations: () => ReadonlyArray<string>
    /** The JSON bodies of those calls, in the same order. */
    readonly bodies: () => ReadonlyArray<unknown>
    readonly maxInFlight: () => number
    readonly reset: () => void
    readonly failNext: (count: number, failure: InjectedFailure) => void
    readonly clearFailures: () => void
    /** Holds every forwarded call this long first, so that concurrent calls overlap for sure. */
    readonly setLatency: (millis: number) => void
  }
>() {}

export const recordingProxy = (target: string): Layer.Layer<RecordingProxy> =>
  Layer.scoped(
    RecordingProxy,
    Effect.gen(function* () {
      const upstream = new URL(target)
      let operations: Array<string> = []
      let bodies: Array<unknown> = []
      let inFlight = 0
      let maxInFlight = 0
      let latency = 0
      const failures: Array<InjectedFailure> = []
      const server = createServer((incoming, answer) => {
        const operation = String(incoming.headers["x-amz-target"] ?? "").split(".").pop() ?? ""
        operations.push(operation)
        const body: Array<Buffer> = []
        const call = bodies.push(undefined) - 1
        incoming.on("data", (chunk: Buffer) => body.push(chunk))
        incoming.on("end", () => void (bodies[call] = JSON.parse(Buffer.concat(body).toString() || "null")))
        maxInFlight = Math.max(maxInFlight, ++inFlight)
        answer.on("close", () => inFlight--)
        const index = failures.findIndex((failure) => (failure.operation ?? operation) === operation)
        const [failure] = index < 0 ? [] : failures.splice(index, 1)
        if (failure !== undefined) {
          answer.writeHead(failure.status, { "content-type": "application/x-amz-json-1.0" })
          answer.end(
            JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${failure.type}`, message: "injected", ...failure.fields })
          )
          return
        }
        const forward = request(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
          (reply) => {
            answer.writeHead(reply.statusCode ?? 502, reply.headers)
            reply.pipe(answer)
          }
        )
        forward.on("error", () => answer.destroy())
        incoming.on("end", () => setTimeout(() => forward.end(Buffer.concat(body)), latency))
      })
      yield* Effect.acquireRelease(
        Effect.async<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
        () => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)).closeAllConnections())
      )
      return {
        endpoint: loopbackUrl((server.address() as AddressInfo).port),
        operations: () => [...operations],
        bodies: () => [...bodies],
        maxInFlight: () => maxInFlight,
        reset: () => {
          operations = []
          bodies = []
          maxInFlight = inFlight
        },
        failNext: (count, failure) => void failures.push(...Array.from({ length: count }, () => failure)),
        clearFailures: () => void failures.splice(0),
        setLatency: (millis) => void (latency = millis)
      }
    })
  )

/** The operations of the calls `effect` made. */
export const callsOf = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const proxy = yield* RecordingProxy
    proxy.reset()
    const result = yield* effect
    return { result, operations: proxy.operations() }
  })
