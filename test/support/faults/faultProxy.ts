import { type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from "node:http"
import { Effect } from "effect"
import type { AwsEndpoints } from "../../../src/local/standIns/aws/awsStandIns.js"
import {
  type AwsServiceName,
  type ErrorAnswer,
  serverErrorAnswer,
  throttledRecordEntry,
  throttlingAnswer
} from "./awsFaultShapes.js"
import { FaultTally } from "./faultTally.js"
import { type ListeningProxy, listenProxy, proxyState } from "./proxyServer.js"
import { between, checkedRate, decisionRandom, type FaultMix, pickKind } from "./seededRandom.js"

export type { AwsServiceName } from "./awsFaultShapes.js"

/**
 * What the proxy can do to one call:
 * - `throttle`: the service's throttling error (never forwarded);
 * - `serverError`: a 500 or 503 with the service's error body (never forwarded);
 * - `reset`: the client's connection is reset before any reply (never forwarded);
 * - `lostReply`: forwarded, the whole answer awaited (the call IS applied), then the
 *   client's connection is reset without a byte of it;
 * - `latency`: forwarded after a delay (`latencyMillis`), answered normally;
 * - `recordThrottle` (Kinesis PutRecords only): some records answered with
 *   `ProvisionedThroughputExceededException` entries inside a successful answer; only the
 *   others are forwarded (so only they are stored).
 */
export type AwsFaultKind = "throttle" | "serverError" | "reset" | "lostReply" | "latency" | "recordThrottle"

export const awsFaultKinds: ReadonlyArray<AwsFaultKind> = ["throttle", "serverError", "reset", "lostReply", "latency", "recordThrottle"]

/** A call as the proxy sees it. */
export interface AwsCall {
  readonly service: AwsServiceName
  /** X-Amz-Target's part after the dot (`PutItem`), or the HTTP method for S3 (`PUT`). */
  readonly operation: string
  readonly method: string
  /** The request path, query included. */
  readonly path: string
}

/** A call excluded from faults: an operation name (`CreateTable`), `service:Operation` (`s3:PUT`), or a test of the call. */
export type CallFilter = string | ((call: AwsCall) => boolean)

/** Other rates or kinds for some calls; the first rule that matches a call wins. */
export interface AwsFaultRule {
  readonly service?: AwsServiceName
  readonly operation?: string
  /** Share of the matching calls that get a fault; the proxy's rate when absent. */
  readonly rate?: number
  /** The mix for the matching calls; the proxy's when absent. */
  readonly kinds?: FaultMix<AwsFaultKind>
}

export interface FaultProxyOptions {
  /** The same seed gives the same decisions, in order, per service. */
  readonly seed: number
  /** Share (0–1) of the eligible calls that get a fault (latency included). */
  readonly rate: number
  /** Relative weights of the kinds; `defaultAwsFaultMix` when absent. Inapplicable kinds are skipped per call. */
  readonly kinds?: FaultMix<AwsFaultKind>
  /** Per service/operation rates and mixes. */
  readonly rules?: ReadonlyArray<AwsFaultRule>
  /** Calls never faulted (forwarded and counted as `excluded`); `controlPlaneCalls` when absent. */
  readonly exclude?: ReadonlyArray<CallFilter>
  /** Delay of a `latency` fault, drawn in [min, max] ms; 50–300 by default. */
  readonly latencyMillis?: readonly [number, number]
  /** In a `recordThrottle`d PutRecords, the share of records throttled (at least one); 0.5 by default. */
  readonly recordShare?: number
  /**
   * Decisions for the first eligible calls, in arrival order, before the seeded draws
   * take over (`"pass"` forwards the call): for tests that need one fault at a known place.
   */
  readonly script?: ReadonlyArray<AwsFaultKind | "pass">
}

/** Throttling, service faults and lost replies weigh most: they are what retries must absorb. */
export const defaultAwsFaultMix: FaultMix<AwsFaultKind> = {
  throttle: 3,
  serverError: 2,
  reset: 1,
  lostReply: 2,
  latency: 2,
  recordThrottle: 3
}

const s3BucketLevel = (call: AwsCall) => call.service === "s3" && /^\/[^/?]+\/?(\?.*)?$/.test(call.path)

/**
 * Creating, describing and deleting tables, streams, queues and buckets: what the
 * stand-ins' bootstrap and the tests' fixtures do. (DescribeStream is both Kinesis's
 * and DynamoDB Streams'; S3 bucket-level calls are those on `/<bucket>` alone.)
 */
export const controlPlaneCalls: ReadonlyArray<CallFilter> = [
  "CreateTable",
  "DeleteTable",
  "DescribeTable",
  "UpdateTable",
  "ListTables",
  "DescribeTimeToLive",
  "UpdateTimeToLive",
  "DescribeEndpoints",
  "CreateStream",
  "DeleteStream",
  "DescribeStream",
  "DescribeStreamSummary",
  "ListStreams",
  "CreateQueue",
  "DeleteQueue",
  "GetQueueUrl",
  "GetQueueAttributes",
  "SetQueueAttributes",
  "ListQueues",
  "PurgeQueue",
  s3BucketLevel
]

/** The proxy's own readiness: always answered 200, never faulted nor counted. */
export const readinessPath = "/__fault-proxy/ready"

/** Which service a call is for: JSON-protocol services name themselves in X-Amz-Target; the rest is S3. */
export const callOf = (method: string, path: string, target: string | undefined): AwsCall => {
  const operation = target?.slice(target.indexOf(".") + 1) ?? method
  const service: AwsServiceName =
    target === undefined
      ? "s3"
      : target.startsWith("Kinesis_")
        ? "kinesis"
        : target.startsWith("AmazonSQS")
          ? "sqs"
          : target.startsWith("DynamoDBStreams")
            ? "dynamodbstreams"
            : target.startsWith("DynamoDB")
              ? "dynamodb"
              : "s3"
  return { service, operation: target === undefined || service !== "s3" ? operation : method, method, path }
}

const upstreamOf = (endpoints: AwsEndpoints, service: AwsServiceName) =>
  new URL(service === "dynamodbstreams" ? endpoints.dynamodb : endpoints[service])

const applicable = (call: AwsCall): ReadonlyArray<AwsFaultKind> =>
  call.service === "kinesis" && call.operation === "PutRecords" ? awsFaultKinds : awsFaultKinds.filter((k) => k !== "recordThrottle")

const matches = (filter: CallFilter, call: AwsCall) =>
  typeof filter === "function"
    ? filter(call)
    : filter.includes(":")
      ? filter === `${call.service}:${call.operation}`
      : filter === call.operation

/** One call's verdict: its kind, and the random numbers its details are drawn from. */
export interface CallVerdict {
  readonly kind: AwsFaultKind | "pass" | "excluded"
  /** Which decision of the service's stream (absent when excluded). */
  readonly n?: number
  readonly random: () => number
}

/**
 * The decisions of a proxy, without the proxy: the n-th eligible call of a service gets
 * the n-th draw of that service's seeded stream (or the script's next entry, first).
 */
export const awsFaultDecider = (options: FaultProxyOptions) => {
  checkedRate(options.rate, "rate")
  for (const rule of options.rules ?? []) if (rule.rate !== undefined) checkedRate(rule.rate, "a rule's rate")
  const exclude = options.exclude ?? controlPlaneCalls
  const script = [...(options.script ?? [])]
  const counters = new Map<AwsServiceName, number>()
  return (call: AwsCall): CallVerdict => {
    if (exclude.some((filter) => matches(filter, call))) return { kind: "excluded", random: () => 0 }
    const n = counters.get(call.service) ?? 0
    counters.set(call.service, n + 1)
    const random = decisionRandom(options.seed, call.service, n)
    const rule = options.rules?.find(
      (r) => (r.service === undefined || r.service === call.service) && (r.operation === undefined || r.operation === call.operation)
    )
    const rate = rule?.rate ?? options.rate
    const mix = rule?.kinds ?? options.kinds ?? defaultAwsFaultMix
    const faulted = random() < rate
    const drawn = pickKind(mix, applicable(call), random)
    const scripted = script.shift()
    if (scripted !== undefined) {
      return { kind: scripted === "pass" || applicable(call).includes(scripted) ? scripted : "pass", n, random }
    }
    return { kind: faulted && drawn !== undefined ? drawn : "pass", n, random }
  }
}

/** `url` is the endpoint to point the clients at (AWS_ENDPOINT_URL); while paused, calls are forwarded untouched and not counted. */
export type FaultProxy = ListeningProxy<AwsFaultKind>

const readBody = (incoming: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.on("end", () => resolve(Buffer.concat(chunks)))
    incoming.on("error", reject)
  })

interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** Headers of a body of another length than the one signed for (the stand-ins do not check signatures of JSON calls). */
const withLength = (headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders => {
  const { "content-length": _length, "transfer-encoding": _encoding, ...rest } = headers
  return { ...rest, "content-length": String(length) }
}

const answerWith = (answer: ServerResponse, { status, headers, body }: ErrorAnswer) => {
  answer.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) })
  answer.end(body)
}

/** Resets the client's connection (RST where Node can), so it sees ECONNRESET / socket hang up. */
const streamNameOf = (call: AwsCall, body: Buffer): { streamName?: string } => {
  if (call.service !== "kinesis") return {}
  try {
    const input = JSON.parse(body.toString("utf8")) as { StreamName?: unknown; StreamARN?: unknown }
    const name = typeof input.StreamName === "string" ? input.StreamName : input.StreamARN
    return typeof name === "string" ? { streamName: name } : {}
  } catch {
    return {}
  }
}

const resetClient = (incoming: IncomingMessage) => {
  const socket = incoming.socket
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
  else socket.destroy()
}

/**
 * A loopback HTTP proxy in front of the four AWS stand-ins (routed as
 * test/support/singleEndpoint.ts does, Host forwarded so S3's signatures hold) that
 * injects faults per call, decided by a seeded PRNG at the given rate and mix.
 */
export const faultProxy = (endpoints: AwsEndpoints, options: FaultProxyOptions): Promise<FaultProxy> => {
  const decide = awsFaultDecider(options)
  const state = proxyState(new FaultTally<AwsFaultKind>())
  const { tally, timers, upstreamCalls } = state
  const latency = options.latencyMillis ?? [50, 300]
  const recordShare = checkedRate(options.recordShare ?? 0.5, "recordShare")

  const upstreamRequest = (call: AwsCall, incoming: IncomingMessage, headers: IncomingHttpHeaders, onReply: (reply: IncomingMessage) => void) => {
    const upstream = upstreamOf(endpoints, call.service)
    const outgoing = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers },
      onReply
    )
    upstreamCalls.add(outgoing)
    outgoing.on("close", () => upstreamCalls.delete(outgoing))
    return outgoing
  }

  /** Forwards the call as it came and streams the answer back. */
  const forward = (call: AwsCall, incoming: IncomingMessage, answer: ServerResponse) => {
    const outgoing = upstreamRequest(call, incoming, incoming.headers, (reply) => {
      answer.writeHead(reply.statusCode ?? 502, reply.headers)
      reply.pipe(answer)
    })
    outgoing.on("error", (error) => (answer.headersSent ? answer.destroy() : answer.writeHead(502).end(String(error))))
    incoming.pipe(outgoing)
  }

  /** Sends `body` (or the call's own body) on and gives the whole answer. */
  const exchange = (call: AwsCall, incoming: IncomingMessage, body?: Buffer): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const headers = body === undefined ? incoming.headers : withLength(incoming.headers, body.length)
      const outgoing = upstreamRequest(call, incoming, headers, (reply) => {
        readBody(reply).then((replyBody) => resolve({ status: reply.statusCode ?? 502, headers: reply.headers, body: replyBody }), reject)
      })
      outgoing.on("error", reject)
      if (body === undefined) incoming.pipe(outgoing)
      else outgoing.end(body)
    })

  const later = (millis: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, millis)
    timers.add(timer)
  }

  /** Some records answered as throttled, the rest forwarded; the stand-in's entries spliced back in order. */
  const throttleRecords = async (call: AwsCall, incoming: IncomingMessage, answer: ServerResponse, random: () => number, at: number) => {
    const raw = await readBody(incoming)
    let input: { Records?: Array<unknown>; StreamName?: string; StreamARN?: string }
    try {
      input = JSON.parse(raw.toString("utf8"))
    } catch {
      input = {}
    }
    const records = Array.isArray(input.Records) ? input.Records : []
    const streamName = input.StreamName ?? input.StreamARN
    const throttled = records.map(() => random() < recordShare)
    if (records.length > 0 && !throttled.includes(true)) throttled[Math.floor(random() * records.length)] = true
    const count = throttled.filter(Boolean).length
    tally.annotate(at, `${count} of ${records.length} records`)
    tally.recordsThrottled(count)
    const kept = records.filter((_, i) => !throttled[i])
    let entries: Array<unknown> = []
    let failedForwarded = 0
    let extra: Record<string, unknown> = {}
    if (kept.length > 0) {
      const reply = await exchange(call, incoming, Buffer.from(JSON.stringify({ ...input, Records: kept })))
      if (reply.status !== 200) {
        // The reduced call failed as a whole: that is the answer to the whole call.
        answer.writeHead(reply.status, withLength(reply.headers, reply.body.length)).end(reply.body)
        return
      }
      const output = JSON.parse(reply.body.toString("utf8")) as { Records?: Array<unknown>; FailedRecordCount?: number }
      const { Records: forwarded = [], FailedRecordCount = 0, ...rest } = output
      entries = forwarded
      failedForwarded = FailedRecordCount
      extra = rest
    }
    let next = 0
    const spliced = records.map((_, i) => (throttled[i] ? throttledRecordEntry(streamName) : entries[next++]))
    const body = JSON.stringify({ ...extra, FailedRecordCount: count + failedForwarded, Records: spliced })
    answer.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": String(Buffer.byteLength(body)) })
    answer.end(body)
  }

  const handle = (incoming: IncomingMessage, answer: ServerResponse) => {
    const method = incoming.method ?? "GET"
    const path = incoming.url ?? "/"
    if (path === readinessPath) {
      incoming.resume()
      answer.writeHead(200, { "content-type": "text/plain" }).end("ready")
      return
    }
    const call = callOf(method, path, incoming.headers["x-amz-target"] as string | undefined)
    if (state.paused) return forward(call, incoming, answer)
    const verdict = decide(call)
    const variant = Math.floor(verdict.random() * 1024)
    const record = (detail?: string) =>
      tally.record({
        service: call.service,
        operation: call.operation,
        ...(verdict.n === undefined ? {} : { n: verdict.n }),
        kind: verdict.kind,
        ...(detail === undefined ? {} : { detail })
      })
    const failed = (error: unknown) => {
      if (answer.headersSent) answer.destroy()
      else answer.writeHead(502).end(String(error))
    }
    switch (verdict.kind) {
      case "pass":
      case "excluded":
        record()
        return forward(call, incoming, answer)
      case "latency": {
        const millis = between(verdict.random, latency)
        record(`${millis} ms`)
        return later(millis, () => forward(call, incoming, answer))
      }
      case "throttle":
      case "serverError": {
        const kind = verdict.kind
        const at = record()
        readBody(incoming).then((body) => {
          const shape = (kind === "throttle" ? throttlingAnswer : serverErrorAnswer)(
            call.service,
            { method, operation: call.operation, ...streamNameOf(call, body) },
            variant
          )
          tally.annotate(at, shape.detail)
          answerWith(answer, shape)
        }, failed)
        return
      }
      case "reset":
        record()
        return resetClient(incoming)
      case "lostReply": {
        const at = record()
        exchange(call, incoming).then((reply) => {
          tally.annotate(at, `applied (${reply.status}), answer lost`)
          resetClient(incoming)
        }, failed)
        return
      }
      case "recordThrottle": {
        const at = record()
        throttleRecords(call, incoming, answer, verdict.random, at).catch(failed)
        return
      }
    }
  }

  return listenProxy(state, handle)
}

/** The proxy for the lifetime of the scope. */
export const faultProxyScoped = (endpoints: AwsEndpoints, options: FaultProxyOptions) =>
  Effect.acquireRelease(
    Effect.promise(() => faultProxy(endpoints, options)),
    (proxy) => Effect.promise(() => proxy.close())
  )
