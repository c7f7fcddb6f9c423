/** The environment variable Lambda sets, per invocation, to the X-Ray trace header of the invocation. */
export const traceHeaderVariable = "_X_AMZN_TRACE_ID"

/**
 * What names one Lambda invocation in logs and traces: Lambda's request id
 * (`context.awsRequestId`) and the X-Ray trace id (the `Root=` part of the trace header).
 * Either is absent when the invocation does not have it (a local runner's call, X-Ray
 * off).
 */
export interface InvocationIds {
  readonly requestId?: string
  readonly traceId?: string
}

/** The `Root=` part of an X-Ray trace header (`Root=1-…;Parent=…;Sampled=1`), when it has one. */
export const traceRootOf = (header: string | undefined): string | undefined => {
  const root = header
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("Root="))
    ?.slice("Root=".length)
  return root === undefined || root === "" ? undefined : root
}

/** The ids of the invocation Lambda runs now: its context's request id, the trace header it set in the environment. */
export const invocationIdsOf = (
  context: { readonly awsRequestId?: string } | undefined,
  environment: NodeJS.ProcessEnv = process.env
): InvocationIds => {
  const requestId = typeof context?.awsRequestId === "string" && context.awsRequestId !== "" ? context.awsRequestId : undefined
  const traceId = traceRootOf(environment[traceHeaderVariable])
  return { ...(requestId === undefined ? {} : { requestId }), ...(traceId === undefined ? {} : { traceId }) }
}

/** X-Ray's segment of an invocation, as the parent its spans join (W3C ids), when its trace header names one. */
export interface XrayParent {
  readonly traceId: string
  readonly spanId: string
  readonly sampled: boolean
}

/**
 * The parent a trace header (`Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1`) names: the
 * root's hex digits are the W3C trace id, `Parent=` the span id. So the invocation's spans,
 * exported over OTLP, join the trace X-Ray began for it.
 */
export const xrayParentOf = (header: string | undefined): XrayParent | undefined => {
  const parts = new Map((header ?? "").split(";").map((part) => part.trim().split("=", 2) as [string, string | undefined]))
  const root = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(parts.get("Root") ?? "")
  const parent = parts.get("Parent") ?? ""
  if (root === null || !/^[0-9a-f]{16}$/.test(parent)) return undefined
  return { traceId: `${root[1]}${root[2]}`, spanId: parent, sampled: parts.get("Sampled") === "1" }
}
