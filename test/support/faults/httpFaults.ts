import { type IncomingMessage, request, type ServerResponse } from "node:http"
import { Effect, Redacted } from "effect"
import { campaignServiceStandIn, type StandInCampaigns } from "../../../src/local/standIns/CampaignServiceStandIn.js"
import { entryServiceStandIn } from "../../../src/local/standIns/EntryServiceStandIn.js"
import { slackStandIn } from "../../../src/local/standIns/SlackStandIn.js"
import { FaultTally, type FaultStats } from "./faultTally.js"
import { type ListeningProxy, listenProxy, proxyState } from "./proxyServer.js"
import { between, checkedRate, decisionRandom, type FaultMix, pickKind } from "./seededRandom.js"

/**
 * What an HTTP fault proxy can do to one call:
 * - `ratelimited`: 429 with `Retry-After` (1 s by default), never forwarded;
 * - `serverError`: 500 or 503 (never forwarded);
 * - `hang`: no answer at all, until the client gives up or `hangMillis` pass (then the
 *   connection is reset), never forwarded;
 * - `reset`: the connection reset before any reply, never forwarded;
 * - `lostReply`: forwarded (the call IS applied), its whole answer awaited, then the
 *   connection reset without a byte of it;
 * - `latency`: forwarded after a delay (`latencyMillis`).
 */
export type HttpFaultKind = "ratelimited" | "serverError" | "hang" | "reset" | "lostReply" | "latency"

export const httpFaultKinds: ReadonlyArray<HttpFaultKind> = ["ratelimited", "serverError", "hang", "reset", "lostReply", "latency"]

export const defaultHttpFaultMix: FaultMix<HttpFaultKind> = {
  ratelimited: 3,
  serverError: 3,
  hang: 1,
  reset: 1,
  lostReply: 2,
  latency: 1
}

/** How the service under the proxy words its errors. */
export type HttpFlavour = "slack" | "json"

export interface HttpFaultOptions {
  /** Names the PRNG stream and the stats' service (`slack`, `entry`, `campaign`). */
  readonly service: string
  readonly flavour?: HttpFlavour
  readonly seed: number
  /** Share (0–1) of the calls that get a fault (latency included). */
  readonly rate: number
  readonly kinds?: FaultMix<HttpFaultKind>
  /** `Retry-After` of a 429, in seconds; 1 by default. */
  readonly retryAfterSeconds?: number
  /** The longest a `hang` holds a call before resetting it; 2 s by default (keep the clients' timeouts below it). */
  readonly hangMillis?: number
  /** Delay of a `latency` fault, drawn in [min, max] ms; 50–300 by default. */
  readonly latencyMillis?: readonly [number, number]
  /** The operation a call is counted under; `METHOD /path` (no query) by default. */
  readonly operationOf?: (method: string, path: string) => string
  /** Operations (as `operationOf` names them) never faulted. */
  readonly exclude?: ReadonlyArray<string>
  /** Decisions for the first calls, before the seeded draws take over. */
  readonly script?: ReadonlyArray<HttpFaultKind | "pass">
}

export type HttpFaultProxy = ListeningProxy<HttpFaultKind>

const defaultOperationOf = (method: string, path: string) => `${method} ${path.split("?")[0]}`

/** The answer of a 429 or 5xx, as the service sends it: Slack's `{ ok: false, error }`, the platform services' `{ message }`. */
const errorAnswer = (flavour: HttpFlavour, status: number, retryAfterSeconds: number) => {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" }
  if (status === 429) headers["retry-after"] = String(retryAfterSeconds)
  const body =
    flavour === "slack"
      ? JSON.stringify({ ok: false, error: status === 429 ? "ratelimited" : status === 503 ? "service_unavailable" : "internal_error" })
      : JSON.stringify({ message: status === 429 ? "too many requests" : status === 503 ? "service unavailable" : "internal error" })
  return { headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, body }
}

const resetClient = (incoming: IncomingMessage) => {
  const socket = incoming.socket
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
  else socket.destroy()
}

/** The seeded decisions of an HTTP fault proxy, without the proxy. */
export const httpFaultDecider = (options: HttpFaultOptions) => {
  checkedRate(options.rate, "rate")
  const script = [...(options.script ?? [])]
  let n = 0
  return (operation: string) => {
    if (options.exclude?.includes(operation) === true) return { kind: "excluded" as const, random: () => 0 }
    const at = n++
    const random = decisionRandom(options.seed, options.service, at)
    const faulted = random() < options.rate
    const drawn = pickKind(options.kinds ?? defaultHttpFaultMix, httpFaultKinds, random)
    const scripted = script.shift()
    const kind: HttpFaultKind | "pass" = scripted ?? (faulted && drawn !== undefined ? drawn : "pass")
    return { kind, n: at, random }
  }
}

/** A loopback HTTP proxy in front of one HTTP service (`target`, a base URL) that faults calls by a seeded PRNG. */
export const httpFaultProxy = (target: string, options: HttpFaultOptions): Promise<HttpFaultProxy> => {
  const upstream = new URL(target)
  const decide = httpFaultDecider(options)
  const state = proxyState(new FaultTally<HttpFaultKind>())
  const { tally, timers, upstreamCalls } = state
  const flavour = options.flavour ?? "json"
  const retryAfter = options.retryAfterSeconds ?? 1
  const hangMillis = options.hangMillis ?? 2_000
  const latency = options.latencyMillis ?? [50, 300]
  const operationOf = options.operationOf ?? defaultOperationOf

  const later = (millis: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, millis)
    timers.add(timer)
    return timer
  }

  const upstreamRequest = (incoming: IncomingMessage, onReply: (reply: IncomingMessage) => void) => {
    const outgoing = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      onReply
    )
    upstreamCalls.add(outgoing)
    outgoing.on("close", () => upstreamCalls.delete(outgoing))
    return outgoing
  }

  const forward = (incoming: IncomingMessage, answer: ServerResponse) => {
    const outgoing = upstreamRequest(incoming, (reply) => {
      answer.writeHead(reply.statusCode ?? 502, reply.headers)
      reply.pipe(answer)
    })
    outgoing.on("error", (error) => (answer.headersSent ? answer.destroy() : answer.writeHead(502).end(String(error))))
    incoming.pipe(outgoing)
  }

  /** Forwards, reads the whole answer (the call is applied), then resets the client's connection. */
  const forwardAndLose = (incoming: IncomingMessage, answer: ServerResponse, at: number) => {
    const outgoing = upstreamRequest(incoming, (reply) => {
      reply.resume()
      reply.on("end", () => {
        tally.annotate(at, `applied (${reply.statusCode}), answer lost`)
        resetClient(incoming)
      })
    })
    outgoing.on("error", () => answer.destroy())
    incoming.pipe(outgoing)
  }

  const handle = (incoming: IncomingMessage, answer: ServerResponse) => {
    const method = incoming.method ?? "GET"
    const operation = operationOf(method, incoming.url ?? "/")
    if (state.paused) return forward(incoming, answer)
    const verdict = decide(operation)
    const record = (detail?: string) =>
      tally.record({
        service: options.service,
        operation,
        ...("n" in verdict ? { n: verdict.n } : {}),
        kind: verdict.kind,
        ...(detail === undefined ? {} : { detail })
      })
    switch (verdict.kind) {
      case "pass":
      case "excluded":
        record()
        return forward(incoming, answer)
      case "latency": {
        const millis = between(verdict.random, latency)
        record(`${millis} ms`)
        return void later(millis, () => forward(incoming, answer))
      }
      case "ratelimited":
      case "serverError": {
        const status = verdict.kind === "ratelimited" ? 429 : verdict.random() < 0.5 ? 500 : 503
        record(status === 429 ? `429, Retry-After ${retryAfter}` : String(status))
        const { headers, body } = errorAnswer(flavour, status, retryAfter)
        incoming.resume()
        incoming.on("end", () => answer.writeHead(status, headers).end(body))
        return
      }
      case "hang": {
        record(`held up to ${hangMillis} ms`)
        incoming.resume()
        const timer = later(hangMillis, () => resetClient(incoming))
        answer.on("close", () => {
          clearTimeout(timer)
          timers.delete(timer)
        })
        return
      }
      case "reset":
        record()
        return resetClient(incoming)
      case "lostReply":
        return forwardAndLose(incoming, answer, record())
    }
  }

  return listenProxy(state, handle)
}

/** The proxy for the lifetime of the scope. */
export const httpFaultProxyScoped = (target: string, options: HttpFaultOptions) =>
  Effect.acquireRelease(
    Effect.promise(() => httpFaultProxy(target, options)),
    (proxy) => Effect.promise(() => proxy.close())
  )

export type HttpServiceName = "slack" | "entry" | "campaign"

/** Per-service changes to the shared fault settings. */
export type HttpServiceFaults = Partial<Pick<HttpFaultOptions, "rate" | "kinds" | "script" | "exclude" | "retryAfterSeconds" | "hangMillis">>

export interface FaultyHttpServicesOptions {
  readonly seed: number
  readonly rate: number
  readonly kinds?: FaultMix<HttpFaultKind>
  readonly retryAfterSeconds?: number
  readonly hangMillis?: number
  readonly latencyMillis?: readonly [number, number]
  readonly services?: Partial<Record<HttpServiceName, HttpServiceFaults>>
  /** What the Campaign Service serves; none by default. */
  readonly campaigns?: StandInCampaigns
  /** The bearer token the stand-ins require (SERVICE_TOKEN and SLACK_TOKEN); `fault-suite-token` by default. */
  readonly token?: string
  readonly slackChannel?: string
}

/** Route templates, so that stats count `entry.POST /campaigns/:id/scoring` and not one line per campaign. */
const operationOfService: Record<HttpServiceName, (method: string, path: string) => string> = {
  slack: (method, path) => `${method} ${path.split("?")[0]}`,
  entry: (method, path) => `${method} ${path.split("?")[0]!.replace(/^\/campaigns\/[^/]+\/scoring$/, "/campaigns/:id/scoring")}`,
  campaign: (method, path) => {
    const bare = path.split("?")[0]!
    return `${method} ${bare === "/campaigns/events" ? bare : bare.replace(/^\/campaigns\/[^/]+$/, "/campaigns/:id")}`
  }
}

/**
 * The Slack, Entry Service and Campaign Service stand-ins (src/local/standIns), each behind
 * its own fault proxy (PRNG streams `slack`, `entry`, `campaign` of the one seed), for
 * the lifetime of the scope; and the settings that point the real clients at the proxies.
 * The stand-ins' own books (posts, requests) hold what was applied, lost replies included.
 */
export const faultyHttpServices = (options: FaultyHttpServicesOptions) =>
  Effect.gen(function* () {
    const token = options.token ?? "fault-suite-token"
    const secret = Redacted.make(token)
    const proxyOptions = (service: HttpServiceName, flavour: HttpFlavour): HttpFaultOptions => {
      const own = options.services?.[service] ?? {}
      return {
        service,
        flavour,
        seed: options.seed,
        rate: own.rate ?? options.rate,
        operationOf: operationOfService[service],
        ...(own.kinds ?? options.kinds ? { kinds: own.kinds ?? options.kinds! } : {}),
        ...(own.retryAfterSeconds ?? options.retryAfterSeconds ? { retryAfterSeconds: own.retryAfterSeconds ?? options.retryAfterSeconds! } : {}),
        ...(own.hangMillis ?? options.hangMillis ? { hangMillis: own.hangMillis ?? options.hangMillis! } : {}),
        ...(options.latencyMillis === undefined ? {} : { latencyMillis: options.latencyMillis }),
        ...(own.script === undefined ? {} : { script: own.script }),
        ...(own.exclude === undefined ? {} : { exclude: own.exclude })
      }
    }
    // The seeded faults alone decide (the stand-in's own rate limit is tested on its own).
    const slackBase = yield* slackStandIn({ token: secret, rateLimit: "off" })
    const entryBase = yield* entryServiceStandIn({ token: secret })
    const campaignBase = yield* campaignServiceStandIn(options.campaigns ?? {}, { token: secret })
    // The Slack stand-in's URL ends with /api/: the proxy fronts its origin.
    const slackOrigin = new URL(slackBase.url).origin
    const slackProxy = yield* httpFaultProxyScoped(slackOrigin, proxyOptions("slack", "slack"))
    const entryProxy = yield* httpFaultProxyScoped(entryBase.url, proxyOptions("entry", "json"))
    const campaignProxy = yield* httpFaultProxyScoped(campaignBase.url, proxyOptions("campaign", "json"))
    const proxies = { slack: slackProxy, entry: entryProxy, campaign: campaignProxy }
    const slack = { url: `${slackProxy.url}/api/`, posts: slackBase.posts, requests: slackBase.requests, proxy: slackProxy }
    const entry = { url: entryProxy.url, book: entryBase.book, proxy: entryProxy }
    const campaign = { url: campaignProxy.url, proxy: campaignProxy }
    const settings: Record<string, string> = {
      CAMPAIGN_SERVICE_URL: campaign.url,
      ENTRY_SERVICE_URL: entry.url,
      SERVICE_TOKEN: token,
      SLACK_API_URL: slack.url,
      SLACK_TOKEN: token,
      SLACK_CHANNEL: options.slackChannel ?? "#vf-verdicts-faults"
    }
    return {
      slack,
      entry,
      campaign,
      settings,
      stats: () =>
        ({ slack: slackProxy.stats(), entry: entryProxy.stats(), campaign: campaignProxy.stats() }) as Record<
          HttpServiceName,
          FaultStats<HttpFaultKind>
        >,
      pause: () => Object.values(proxies).forEach((proxy) => proxy.pause()),
      resume: () => Object.values(proxies).forEach((proxy) => proxy.resume())
    }
  })
