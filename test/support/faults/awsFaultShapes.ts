import { randomUUID } from "node:crypto"

/** The AWS services a fault proxy tells apart (`dynamodbstreams` is DynamoDB Streams, on DynamoDB's stand-in). */
export type AwsServiceName = "dynamodb" | "dynamodbstreams" | "kinesis" | "sqs" | "s3"

/** An error reply, as the real service sends it. */
export interface ErrorAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The error code (and status), for the decision log: `ProvisionedThroughputExceededException 400`. */
  readonly detail: string
}

const json10 = "application/x-amz-json-1.0"
const json11 = "application/x-amz-json-1.1"

const jsonError = (contentType: string, status: number, type: string, message: string, extra: Record<string, string> = {}) => {
  const code = type.slice(type.indexOf("#") + 1)
  return {
    status,
    headers: { "content-type": contentType, "x-amzn-requestid": randomUUID(), ...extra },
    body: JSON.stringify({ __type: type, message }),
    detail: `${code} ${status}`
  }
}

const dynamo = "com.amazonaws.dynamodb.v20120810#"

/** SQS speaks JSON 1.0 with the query-compatible error header (`x-amzn-query-error: Code;Sender`). */
const sqsError = (status: number, code: string, fault: "Sender" | "Receiver", message: string): ErrorAnswer =>
  jsonError(json10, status, `com.amazonaws.sqs#${code}`, message, { "x-amzn-query-error": `${code};${fault}` })

const xmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** S3's REST-XML error; a HEAD reply has no body (the SDK reads the status alone). */
const s3Error = (status: number, code: string, message: string, method: string): ErrorAnswer => {
  const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()
  const body =
    method === "HEAD"
      ? ""
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`
  return {
    status,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId, "x-amz-id-2": "fault-proxy" },
    body,
    detail: `${code} ${status}`
  }
}

/** What a call is about, for messages that name it as the service would. */
export interface CallContext {
  readonly method: string
  readonly operation: string
  /** `StreamName` (or the ARN) of a Kinesis call, when its body named one. */
  readonly streamName?: string
}

const account = "000000000000"

/**
 * A throttling answer; `variant` (any integer) picks among the service's throttling
 * errors: DynamoDB ProvisionedThroughputExceededException or ThrottlingException,
 * DynamoDB Streams LimitExceededException, Kinesis ProvisionedThroughputExceededException
 * (data calls) or LimitExceededException (control calls), SQS RequestThrottled or
 * ThrottlingException, S3 503 SlowDown.
 */
export const throttlingAnswer = (service: AwsServiceName, call: CallContext, variant: number): ErrorAnswer => {
  const stream = call.streamName ?? "stream"
  switch (service) {
    case "dynamodb":
      return variant % 2 === 0
        ? jsonError(
            json10,
            400,
            `${dynamo}ProvisionedThroughputExceededException`,
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."
          )
        : jsonError(json10, 400, `${dynamo}ThrottlingException`, "Rate of requests exceeds the allowed throughput.")
    case "dynamodbstreams":
      return jsonError(
        json10,
        400,
        `${dynamo}LimitExceededException`,
        "Your request rate is too high. The AWS SDKs for DynamoDB automatically retry requests that receive this exception."
      )
    case "kinesis":
      return ["PutRecords", "PutRecord", "GetRecords"].includes(call.operation)
        ? jsonError(
            json11,
            400,
            "ProvisionedThroughputExceededException",
            `Rate exceeded for shard shardId-000000000000 in stream ${stream} under account ${account}.`
          )
        : jsonError(json11, 400, "LimitExceededException", `Rate exceeded for stream ${stream} under account ${account}.`)
    case "sqs":
      return variant % 2 === 0
        ? sqsError(400, "RequestThrottled", "Sender", "Request is throttled.")
        : sqsError(400, "ThrottlingException", "Sender", "Rate exceeded")
    case "s3":
      return s3Error(503, "SlowDown", "Please reduce your request rate.", call.method)
  }
}

/** A service fault: 500 or 503 (by `variant`), with the service's own error body. */
export const serverErrorAnswer = (service: AwsServiceName, call: CallContext, variant: number): ErrorAnswer => {
  const unavailable = variant % 2 === 1
  switch (service) {
    case "dynamodb":
    case "dynamodbstreams":
      return unavailable
        ? jsonError(json10, 503, `${dynamo}ServiceUnavailable`, "The service is currently unavailable or busy.")
        : jsonError(json10, 500, `${dynamo}InternalServerError`, "Internal server error")
    case "kinesis":
      return unavailable
        ? jsonError(json11, 503, "ServiceUnavailable", "The service is unavailable. Back off and retry the operation.")
        : jsonError(json11, 500, "InternalFailure", "The request processing has failed because of an unknown error.")
    case "sqs":
      return unavailable
        ? sqsError(503, "ServiceUnavailable", "Receiver", "The request has failed due to a temporary failure of the server.")
        : sqsError(500, "InternalError", "Receiver", "We encountered an internal error. Please try again.")
    case "s3":
      return unavailable
        ? s3Error(503, "ServiceUnavailable", "Service is unable to handle request.", call.method)
        : s3Error(500, "InternalError", "We encountered an internal error. Please try again.", call.method)
  }
}

/** The entry of a record Kinesis did not take, inside a successful PutRecords answer. */
export const throttledRecordEntry = (streamName: string | undefined) => ({
  ErrorCode: "ProvisionedThroughputExceededException",
  ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream ${streamName ?? "stream"} under account ${account}.`
})
