import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { traceRootOf } from "../../src/lambda/invocationIds.js"
import { makeLambdaHandler } from "../../src/lambda/lambdaRuntime.js"

type LogLine = Record<string, unknown>

/** Runs `body` with stdout's JSON lines captured (the handler's logger writes there), then puts stdout back. */
const capturingStdout = async (body: () => Promise<unknown>): Promise<Array<LogLine>> => {
  const lines: Array<LogLine> = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const text of String(chunk).split("\n").filter((text) => text.startsWith("{"))) lines.push(JSON.parse(text) as LogLine)
    return true
  }) as typeof process.stdout.write
  try {
    await body().catch(() => undefined)
  } finally {
    process.stdout.write = write
  }
  return lines
}

const contextOf = (awsRequestId: string) => ({ awsRequestId, getRemainingTimeInMillis: () => 60_000 })
const traceHeader = (root: string) => `Root=${root};Parent=53995c3f42cd8ad8;Sampled=1`
const rootA = "1-5759e988-bd862e3fe1be46a994272793"
const rootB = "1-6a1f2b3c-0123456789abcdef01234567"

/** A worker that logs from its own fiber, from a fork, with annotations of its own, after a pause; the event says whether it fails. */
const loggingWorker = (event: unknown) =>
  Effect.gen(function* () {
    yield* Effect.logInfo("started")
    yield* Effect.fork(Effect.logInfo("forked")).pipe(Effect.flatMap((fiber) => fiber.await))
    yield* Effect.sleep("5 millis")
    yield* Effect.logWarning("annotated").pipe(Effect.annotateLogs({ worker: "test", campaignId: "c1" }))
    if (event === "fail") return yield* Effect.fail(new Error("the worker failed"))
    return "done"
  })

const savedTraceHeader = process.env["_X_AMZN_TRACE_ID"]
afterEach(() => {
  if (savedTraceHeader === undefined) delete process.env["_X_AMZN_TRACE_ID"]
  else process.env["_X_AMZN_TRACE_ID"] = savedTraceHeader
})

describe("an invocation's log lines carry its request id and trace id", () => {
  it("every line of each of two invocations carries its own ids, never the other's", async () => {
    const handler = makeLambdaHandler(Layer.empty, loggingWorker)
    const first = await capturingStdout(() => {
      process.env["_X_AMZN_TRACE_ID"] = traceHeader(rootA)
      return handler("ok", contextOf("req-a"))
    })
    const second = await capturingStdout(() => {
      process.env["_X_AMZN_TRACE_ID"] = traceHeader(rootB)
      return handler("fail", contextOf("req-b"))
    })
    expect(first.map((line) => line["message"])).toEqual(["started", "forked", "annotated"])
    // the worker's lines, then the failure's line the handler writes itself
    expect(second.map((line) => line["message"])).toEqual(["started", "forked", "annotated", "the worker failed"])
    for (const line of first) expect(line).toMatchObject({ requestId: "req-a", traceId: rootA })
    for (const line of second) expect(line).toMatchObject({ requestId: "req-b", traceId: rootB })
    expect(first.find((line) => line["message"] === "annotated")).toMatchObject({ worker: "test", campaignId: "c1", level: "WARN" })
  })

  it("two invocations at once in one process each log their own request id", async () => {
    delete process.env["_X_AMZN_TRACE_ID"]
    const handler = makeLambdaHandler(Layer.empty, loggingWorker)
    const lines = await capturingStdout(() => Promise.all([handler("ok", contextOf("req-a")), handler("ok", contextOf("req-b"))]))
    expect(lines).toHaveLength(6)
    expect(lines.filter((line) => line["requestId"] === "req-a")).toHaveLength(3)
    expect(lines.filter((line) => line["requestId"] === "req-b")).toHaveLength(3)
    for (const line of lines) expect(line).not.toHaveProperty("traceId")
  })

  it("an invocation without them logs neither (none is left over from the one before)", async () => {
    const handler = makeLambdaHandler(Layer.empty, loggingWorker)
    process.env["_X_AMZN_TRACE_ID"] = traceHeader(rootA)
    await capturingStdout(() => handler("ok", contextOf("req-a")))
    delete process.env["_X_AMZN_TRACE_ID"]
    const lines = await capturingStdout(() => handler("ok"))
    expect(lines).toHaveLength(3)
    for (const line of lines) {
      expect(line).not.toHaveProperty("requestId")
      expect(line).not.toHaveProperty("traceId")
    }
  })
})

describe("the trace id of an X-Ray trace header", () => {
  it("is its Root part, wherever it stands", () => {
    expect(traceRootOf(traceHeader(rootA))).toBe(rootA)
    expect(traceRootOf(`Parent=53995c3f42cd8ad8; Root=${rootB};Sampled=0`)).toBe(rootB)
  })

  it("is none without a Root part or a header", () => {
    expect(traceRootOf("Parent=53995c3f42cd8ad8;Sampled=1")).toBeUndefined()
    expect(traceRootOf("Root=")).toBeUndefined()
    expect(traceRootOf(undefined)).toBeUndefined()
  })
})
