import { type HttpApp, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Redacted } from "effect"
import { createServer } from "node:http"

/** A JSON `{ message }` answer with the given status. */
export const messageReply = (status: number, message: string) => HttpServerResponse.unsafeJson({ message }, { status })

/**
 * Serves an app on 127.0.0.1 (a free port) until the scope closes; gives its base URL.
 * Request bodies are bounded by the server's MaxBodySize (10 MiB unless narrowed).
 */
export const serveOnLoopback = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
    yield* server.serve(app)
    return HttpServer.formatAddress(server.address)
  })

/** Answers 401 unless the request carries `Authorization: Bearer <token>`; open when no token is set. */
export const requireBearer =
  (token: Redacted.Redacted<string> | undefined) =>
  <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R | HttpServerRequest.HttpServerRequest> =>
    token === undefined
      ? app
      : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
          request.headers["authorization"] === `Bearer ${Redacted.value(token)}`
            ? app
            : Effect.succeed(messageReply(401, "missing or wrong bearer token"))
        )
