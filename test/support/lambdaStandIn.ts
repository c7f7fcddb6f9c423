import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"

/** An Invoke call as the stand-in received it. */
export interface InvokeCall {
  readonly functionName: string
  readonly invocationType: string | undefined
  readonly payload: unknown
}

/** How the stand-in answers one call: Lambda's reply, one of its errors, or a reset after the request was read (a lost reply). */
export type InvokeAnswer = "queued" | "throttled" | "serviceError" | "notFound" | "reset"

const errorOf = {
  throttled: { status: 429, type: "TooManyRequestsException", body: { Type: "User", message: "Rate Exceeded.", Reason: "CallerRateLimitExceeded" } },
  serviceError: { status: 500, type: "ServiceException", body: { Type: "Service", message: "An error occurred" } },
  notFound: { status: 404, type: "ResourceNotFoundException", body: { Type: "User", message: "Function not found" } }
} as const

const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations/

const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const pieces: Array<Buffer> = []
    request.on("data", (piece: Buffer) => pieces.push(piece))
    request.on("end", () => resolve(Buffer.concat(pieces).toString("utf8")))
  })

/**
 * Lambda's Invoke (REST-JSON, as the SDK calls it) on 127.0.0.1 until the scope closes:
 * each call is kept, and answered as `answers` says in turn ("queued", 202, once they run
 * out). Gives its endpoint and the calls it received, lost replies included.
 */
export const lambdaStandIn = (answers: Array<InvokeAnswer> = []) =>
  Effect.acquireRelease(
    Effect.async<{ readonly endpoint: string; readonly calls: Array<InvokeCall>; readonly server: ReturnType<typeof createServer> }>((resume) => {
      const calls: Array<InvokeCall> = []
      const server = createServer((request, response) => {
        void bodyOf(request).then((body) => {
          const name = invokePath.exec(request.url ?? "")?.[1]
          const invocationType = request.headers["x-amz-invocation-type"]
          calls.push({ functionName: decodeURIComponent(name ?? ""), invocationType: typeof invocationType === "string" ? invocationType : undefined, payload: JSON.parse(body) })
          const answer = answers.shift() ?? "queued"
          if (answer === "reset") return request.socket.destroy()
          if (answer === "queued") return response.writeHead(202, { "x-amzn-requestid": `r${calls.length}` }).end()
          const { status, type, body: error } = errorOf[answer]
          response.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": type, "x-amzn-requestid": `r${calls.length}` }).end(JSON.stringify(error))
        })
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server })))
    }),
    ({ server }) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
  ).pipe(Effect.map(({ endpoint, calls }) => ({ endpoint, calls })))
