import { FileSystem } from "@effect/platform"
import { Data, Effect, Either, ParseResult, Schema } from "effect"

/** Where the batch sat on its stream: Lambda's KinesisBatchInfo or DDBStreamBatchInfo. */
const BatchInfo = Schema.Struct({
  shardId: Schema.NonEmptyString,
  startSequenceNumber: Schema.NonEmptyString,
  endSequenceNumber: Schema.NonEmptyString,
  batchSize: Schema.Number,
  streamArn: Schema.NonEmptyString
})

/** The event Lambda invoked the function with: its records, and whatever it carried beside them (a tumbling window's shard, window, state). */
const StreamEvent = Schema.Struct({ Records: Schema.NonEmptyArray(Schema.Unknown) }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/**
 * A kept batch: the invocation record a stream mapping writes to its S3 on-failure
 * destination when it gives up on a batch (AWS Lambda Developer Guide, "Retain discarded
 * records" of a Kinesis or DynamoDB event source). Beside the metadata an SQS destination
 * gets (requestContext, responseContext, where the batch sat), it holds the whole event
 * under `payload`: as an object, or as its JSON text.
 */
const KeptBatchRecord = Schema.Struct({
  version: Schema.optional(Schema.String),
  timestamp: Schema.optional(Schema.String),
  requestContext: Schema.Struct({
    functionArn: Schema.NonEmptyString,
    requestId: Schema.optional(Schema.String),
    condition: Schema.optional(Schema.String),
    approximateInvokeCount: Schema.optional(Schema.Number)
  }),
  KinesisBatchInfo: Schema.optional(BatchInfo),
  DDBStreamBatchInfo: Schema.optional(BatchInfo),
  payload: Schema.Unknown
})

/** The stream a kept batch came from. */
export type KeptSource = "Kinesis" | "DynamoDB stream"

/** A kept batch, read: the function that gave up on it, where it sat, why, and the event to invoke again. */
export interface KeptBatch {
  readonly functionArn: string
  readonly source: KeptSource
  readonly batch: typeof BatchInfo.Type
  readonly condition: string | undefined
  readonly keptAt: string | undefined
  readonly event: typeof StreamEvent.Type
}

/** A file that is not a kept batch, said in one line: the file, then what is wrong. */
export class KeptBatchUnreadable extends Data.TaggedError("KeptBatchUnreadable")<{ readonly file: string; readonly reason: string }> {
  override get message() {
    return `${this.file}: ${this.reason}`
  }
}

/** The first thing wrong, as `<path>: <message>` (`payload.Records: is missing`). */
const firstIssue = (error: ParseResult.ParseError) => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return "not a kept batch"
  return issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
}

const decode = Schema.decodeUnknownEither(Schema.parseJson(KeptBatchRecord))
const decodeEvent = Schema.decodeUnknownEither(StreamEvent)
const decodeEventText = Schema.decodeUnknownEither(Schema.parseJson(StreamEvent))

/** The event under `payload`, an object or its JSON text. */
const eventOf = (file: string, payload: unknown) =>
  Either.mapLeft(typeof payload === "string" ? decodeEventText(payload) : decodeEvent(payload), (error) => {
    const issue = firstIssue(error)
    return new KeptBatchUnreadable({ file, reason: `payload${issue.includes(": ") ? "." : ": "}${issue}` })
  })

/** Reads a kept batch from its JSON text: one of KinesisBatchInfo and DDBStreamBatchInfo, and the event, or why not. */
export const keptBatchOf = (file: string, text: string): Either.Either<KeptBatch, KeptBatchUnreadable> =>
  Either.mapLeft(decode(text), (error) => new KeptBatchUnreadable({ file, reason: firstIssue(error) })).pipe(
    Either.flatMap((record) => {
      const { KinesisBatchInfo: kinesis, DDBStreamBatchInfo: table } = record
      if ((kinesis === undefined) === (table === undefined)) {
        const reason = kinesis === undefined ? "neither KinesisBatchInfo nor DDBStreamBatchInfo: not a stream's kept batch" : "both KinesisBatchInfo and DDBStreamBatchInfo"
        return Either.left(new KeptBatchUnreadable({ file, reason }))
      }
      return Either.map(eventOf(file, record.payload), (event) => ({
        functionArn: record.requestContext.functionArn,
        source: kinesis === undefined ? "DynamoDB stream" : "Kinesis",
        batch: (kinesis ?? table)!,
        condition: record.requestContext.condition,
        keptAt: record.timestamp,
        event
      }) satisfies KeptBatch)
    })
  )

/** Reads the kept batch in `file` (a copy of the object in the failed-batches bucket). */
export const readKeptBatch = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.mapError((error) => new KeptBatchUnreadable({ file, reason: error._tag === "SystemError" ? `cannot be read (${error.reason})` : error.message })),
    Effect.flatMap((text) => keptBatchOf(file, text))
  )
