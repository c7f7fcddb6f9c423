/** What the workers read from an error thrown by an AWS SDK v3 client. */
export interface AwsErrorFacts {
  /** The service's error code (`NoSuchKey`, `ThrottlingException`…) or the JS error name. */
  readonly name: string
  readonly message: string
  /** The HTTP status of the response, when there was one. */
  readonly status: number | undefined
  /** The SDK marked the error retryable (`$retryable`). */
  readonly sdkRetryable: boolean
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

const statusOf = (error: Record<string, unknown>): number | undefined => {
  const metadata = error["$metadata"]
  const status = isRecord(metadata) ? metadata["httpStatusCode"] : undefined
  return typeof status === "number" ? status : undefined
}

export const awsErrorFacts = (error: unknown): AwsErrorFacts => {
  if (!isRecord(error)) return { name: "Error", message: String(error), status: undefined, sdkRetryable: false }
  const name = typeof error["name"] === "string" ? error["name"] : "Error"
  const message = typeof error["message"] === "string" && error["message"] !== "" ? error["message"] : String(error)
  return { name, message, status: statusOf(error), sdkRetryable: isRecord(error["$retryable"]) }
}

/** One readable line: `NoSuchBucket (HTTP 404): The specified bucket does not exist`. */
export const describeAwsError = (error: unknown): string => {
  const { message, name, status } = awsErrorFacts(error)
  const http = status === undefined ? "" : ` (HTTP ${status})`
  return message.startsWith(name) ? `${message}${http}` : `${name}${http}: ${message}`
}
