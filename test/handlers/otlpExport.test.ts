import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { Effect, Layer, Option } from "effect"
import { xrayParentOf } from "../../src/lambda/invocationIds.js"
import { makeLambdaHandler } from "../../src/lambda/lambdaRuntime.js"
import { flushMillis, otlpSettings } from "../../src/layers/observability/otlpTracing.js"

/** An OTLP/HTTP collector on loopback: the JSON bodies posted to it, answered 200 or never. */
const collector = async (answers: boolean) => {
  const requests: Array<{ path: string; body: any }> = []
  const held: Array<ServerResponse> = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      requests.push({ path: request.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") })
      if (answers) response.writeHead(200, { "content-type": "application/json" }).end("{}")
      else held.push(response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    close: () => new Promise<void>((resolve) => (held.forEach((response) => response.destroy()), server.closeAllConnections(), server.close(() => resolve())))
  }
}

const saved = { ...process.env }
afterEach(() => void (process.env = { ...saved }))
delete process.env["_X_AMZN_TRACE_ID"]

const context = { awsRequestId: "req-otlp-1", getRemainingTimeInMillis: () => 60_000 }

/** A worker making one port call, in its span as the live adapters name theirs. */
const worker = () => Effect.succeed("done").pipe(Effect.delay("2 millis"), Effect.withSpan("DemandTable.getItem", { kind: "client" }))

const spansOf = (requests: ReadonlyArray<{ body: any }>) =>
  requests.flatMap((request) => request.body.resourceSpans.flatMap((resource: any) => resource.scopeSpans.flatMap((scope: any) => scope.spans))) as Array<any>

const attribute = (span: any, key: string) => span.attributes.find((a: any) => a.key === key)?.value?.stringValue

describe("spans over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("exports an invocation's spans to <endpoint>/v1/traces before it answers: the port's call under lambda.invocation, the request id on it", async () => {
    const otlp = await collector(true)
    try {
      process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = `${otlp.url}/`
      process.env["OTEL_SERVICE_NAME"] = "vf-test-worker"
      const handler = makeLambdaHandler(Layer.empty, worker)
      expect(await handler({}, context)).toBe("done")
      expect(otlp.requests.map((request) => request.path)).toEqual(["/v1/traces"])
      const resource = otlp.requests[0]!.body.resourceSpans[0].resource
      expect(resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "vf-test-worker" } })
      const spans = spansOf(otlp.requests)
      const invocation = spans.find((span) => span.name === "lambda.invocation")
      const call = spans.find((span) => span.name === "DemandTable.getItem")
      expect(attribute(invocation, "faas.invocation_id")).toBe("req-otlp-1")
      expect(call.parentSpanId).toBe(invocation.spanId)
      expect(call.traceId).toBe(invocation.traceId)
      expect(invocation.parentSpanId ?? "").toBe("")
      // A second invocation exports its own spans, at its own end.
      await handler({}, { ...context, awsRequestId: "req-otlp-2" })
      expect(otlp.requests).toHaveLength(2)
      expect(spansOf([otlp.requests[1]!]).map((span) => attribute(span, "faas.invocation_id")).filter(Boolean)).toEqual(["req-otlp-2"])
    } finally {
      await otlp.close()
    }
  })

  it("makes lambda.invocation a child of X-Ray's segment when Lambda's trace header names one (else no parent)", async () => {
    const otlp = await collector(true)
    try {
      process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.url
      process.env["_X_AMZN_TRACE_ID"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
      await makeLambdaHandler(Layer.empty, worker)({}, context)
      const invocation = spansOf(otlp.requests).find((span) => span.name === "lambda.invocation")
      expect([invocation.traceId, invocation.parentSpanId]).toEqual(["5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8"])
      expect(xrayParentOf("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")).toBeUndefined()
      expect(xrayParentOf("Root=1-xyz;Parent=53995c3f42cd8ad8")).toBeUndefined()
      expect(xrayParentOf(" Root=1-5759e988-bd862e3fe1be46a994272793 ; Parent=53995c3f42cd8ad8 ")).toEqual({
        traceId: "5759e988bd862e3fe1be46a994272793",
        spanId: "53995c3f42cd8ad8",
        sampled: false
      })
    } finally {
      await otlp.close()
    }
  })

  it("holds the reply no longer than the flush when the collector does not answer", async () => {
    const otlp = await collector(false)
    try {
      process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.url
      const handler = makeLambdaHandler(Layer.empty, worker)
      const started = performance.now()
      expect(await handler({}, context)).toBe("done")
      expect(performance.now() - started).toBeLessThan(flushMillis + 2_000)
      expect(otlp.requests).toHaveLength(1)
    } finally {
      await otlp.close()
    }
  })

  it("is off without an endpoint; names the service OTEL_SERVICE_NAME, else the function", async () => {
    const settings = () => Effect.runPromise(otlpSettings)
    delete process.env["OTEL_EXPORTER_OTLP_ENDPOINT"]
    expect(await settings()).toEqual(Option.none())
    process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318//"
    process.env["AWS_LAMBDA_FUNCTION_NAME"] = "VfScoringWorkers-verdictReporter"
    delete process.env["OTEL_SERVICE_NAME"]
    expect(await settings()).toEqual(Option.some({ endpoint: "http://127.0.0.1:4318", serviceName: "VfScoringWorkers-verdictReporter" }))
    process.env["OTEL_SERVICE_NAME"] = "reporter"
    expect(await settings()).toEqual(Option.some({ endpoint: "http://127.0.0.1:4318", serviceName: "reporter" }))
  })
})
