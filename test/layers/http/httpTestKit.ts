import { ConfigProvider, Effect, Layer } from "effect"
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { HttpCampaignServiceLive } from "../../../src/layers/http/HttpCampaignService.js"
import { HttpEntryServiceLive } from "../../../src/layers/http/HttpEntryService.js"
import {
  CurrentServiceCallPolicy,
  type ServiceCallPolicy,
  ServiceHttpClientLive
} from "../../../src/layers/http/serviceClient.js"

/** A request a test server saw. */
export interface SeenRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly at: number
}

/** Answers the n-th request (0-based); an answer that never ends the response makes the server hang. */
export type Answer = (request: SeenRequest, n: number, response: ServerResponse) => void

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_request, _n, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body))
  }

export const raw = (status: number, body: string): Answer => (_request, _n, response) => {
  response.writeHead(status, { "content-type": "text/plain" }).end(body)
}

export const hang: Answer = () => {}

/** Answers in turn; the last answer repeats. */
export const inTurn = (...answers: ReadonlyArray<Answer>): Answer => (request, n, response) =>
  answers[Math.min(n, answers.length - 1)]!(request, n, response)

/** A node:http server on 127.0.0.1 answering with `answer`, closed (connections too) with the scope. */
export const scriptedServer = (answer: Answer) =>
  Effect.acquireRelease(
    Effect.async<{ url: string; seen: Array<SeenRequest>; close: () => void }>((resume) => {
      const seen: Array<SeenRequest> = []
      const server = createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8")
          const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body, at: Date.now() }
          seen.push(entry)
          answer(entry, seen.length - 1, response)
        })
      })
      const close = () => {
        server.closeAllConnections()
        server.close()
      }
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close }))
      )
    }),
    (server) => Effect.sync(server.close)
  )

/** Fast retries for tests: 3 retries, millisecond backoff, a short attempt timeout. */
export const fastPolicy: ServiceCallPolicy = {
  retries: 3,
  baseDelay: "5 millis",
  maxDelay: "20 millis",
  attemptTimeout: "300 millis",
  maxRetryAfter: "2 seconds"
}

export const testToken = "test-token-1"

const clientLayers = (settings: Record<string, string>, policy: ServiceCallPolicy) =>
  Layer.mergeAll(
    ServiceHttpClientLive,
    Layer.succeed(CurrentServiceCallPolicy, policy),
    Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ SERVICE_TOKEN: testToken, ...settings }))))
  )

export const campaignClient = (url: string, policy: ServiceCallPolicy = fastPolicy, settings: Record<string, string> = {}) =>
  HttpCampaignServiceLive.pipe(Layer.provide(clientLayers({ CAMPAIGN_SERVICE_URL: url, ...settings }, policy)))

export const entryClient = (url: string, policy: ServiceCallPolicy = fastPolicy, settings: Record<string, string> = {}) =>
  HttpEntryServiceLive.pipe(Layer.provide(clientLayers({ ENTRY_SERVICE_URL: url, ...settings }, policy)))
