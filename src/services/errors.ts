import { Schema } from "effect"

/** The object a file event names is not in the bucket. */
export class ObjectNotFound extends Schema.TaggedError<ObjectNotFound>()("ObjectNotFound", {
  bucket: Schema.String,
  key: Schema.String
}) {
  override get message() {
    return `s3://${this.bucket}/${this.key}: no such object`
  }
}

/** The bucket could not be read or written (network, permissions, service errors). */
export class BucketError extends Schema.TaggedError<BucketError>()("BucketError", {
  bucket: Schema.String,
  key: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `s3://${this.bucket}/${this.key}: ${this.reason}`
  }
}

/** An object key that does not match the pattern of the worker it was routed to. */
export class KeyPatternMismatch extends Schema.TaggedError<KeyPatternMismatch>()("KeyPatternMismatch", {
  key: Schema.String,
  pattern: Schema.String
}) {
  override get message() {
    return `key "${this.key}" does not match ${this.pattern}`
  }
}

/** A file that cannot be read as the CSV it should be: it fails whole and emits nothing. */
export class UnreadableFile extends Schema.TaggedError<UnreadableFile>()("UnreadableFile", {
  file: Schema.String,
  line: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `${this.file}: line ${this.line}: ${this.reason}`
  }
}

/** A PutRecords call that failed as a whole (not per record). */
export class StreamPutError extends Schema.TaggedError<StreamPutError>()("StreamPutError", {
  stream: Schema.String,
  reason: Schema.String,
  retryable: Schema.Boolean
}) {
  override get message() {
    return `${this.stream}: PutRecords failed: ${this.reason}`
  }
}

/** A message the verdict queue did not accept. */
export class QueueSendError extends Schema.TaggedError<QueueSendError>()("QueueSendError", {
  queue: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.queue}: SendMessage failed: ${this.reason}`
  }
}

/** A load's continuation that its function would not take: the invocation fails, and Lambda runs it again. */
export class ContinuationError extends Schema.TaggedError<ContinuationError>()("ContinuationError", {
  function: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.function}: the load's continuation was not handed on: ${this.reason}`
  }
}

/** A required setting is missing or malformed: the worker cannot start. */
export class MissingSetting extends Schema.TaggedError<MissingSetting>()("MissingSetting", {
  variable: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `setting ${this.variable}: ${this.reason}`
  }
}

/** The errors that make a whole scoring file fail. */
export type ScoringFileError = ObjectNotFound | BucketError | KeyPatternMismatch | UnreadableFile

/** A demand-table call that failed after its retries. */
export class DemandTableError extends Schema.TaggedError<DemandTableError>()("DemandTableError", {
  table: Schema.String,
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.table}: ${this.operation} failed: ${this.reason}`
  }
}

/**
 * Fans of a load the demand table did not take after every retry: the load fails once the
 * other fans are done (S3 runs it again: the same run, whose stamps make the retry exact).
 * `lines`: the first of their lines, in order.
 */
export class FansNotSaved extends Schema.TaggedError<FansNotSaved>()("FansNotSaved", {
  campaignId: Schema.String,
  count: Schema.Number,
  lines: Schema.Array(Schema.Number),
  reason: Schema.String
}) {
  override get message() {
    const more = this.count > this.lines.length ? ", …" : ""
    return `campaign ${this.campaignId}: ${this.count} fans not saved after retries (lines ${this.lines.join(", ")}${more}): ${this.reason}; the load fails, to be run again`
  }
}

/**
 * A call to the Campaign or Entry Service that failed: `status` is the HTTP status when
 * there was an answer; `retryable` says whether the same call later may succeed (5xx,
 * 429, network, timeout) — other 4xx are final.
 */
export class ServiceCallError extends Schema.TaggedError<ServiceCallError>()("ServiceCallError", {
  service: Schema.String,
  request: Schema.String,
  status: Schema.optionalWith(Schema.Number, { exact: true }),
  reason: Schema.String,
  retryable: Schema.Boolean
}) {
  override get message() {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    return `${this.service}: ${this.request}${status}: ${this.reason}`
  }
}

/**
 * A Slack post that failed: `retryable` for network errors, 5xx and rate limits
 * (`retryAfterSeconds` from Retry-After when Slack gave one); others (invalid_auth,
 * channel_not_found …) are final until the configuration changes.
 */
export class SlackError extends Schema.TaggedError<SlackError>()("SlackError", {
  reason: Schema.String,
  retryable: Schema.Boolean,
  retryAfterSeconds: Schema.optionalWith(Schema.Number, { exact: true })
}) {
  override get message() {
    return `Slack: ${this.reason}`
  }
}
