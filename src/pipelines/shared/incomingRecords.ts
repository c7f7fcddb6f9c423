import { Either, ParseResult, Schema } from "effect"
import { controlField, EndOfFile } from "../../services/schemas/EndOfFile.js"
import { FanRecord } from "../../services/schemas/FanRecord.js"

/** A record a stream consumer receives: Kinesis data already base64-decoded. */
export interface IncomingRecord {
  readonly sequenceNumber: string
  readonly data: Uint8Array
  /** The shard it was read from (Lambda's eventID is `<shardId>:<sequenceNumber>`). */
  readonly shardId?: string
}

/** The shard of a record, for records whose source gave none. */
export const shardOf = (record: IncomingRecord) => record.shardId ?? "shardId-000000000000"

/** What a stream consumer returns: its result, and the records to hand back for a retry. */
export interface ConsumerReply<R> {
  readonly result: R
  /** Sequence numbers of records that failed and may succeed later (batchItemFailures). */
  readonly retry: ReadonlyArray<string>
}

/** The first problem of a Schema decoding failure, as `field: what was wrong`. */
export const describeParseError = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return "invalid"
  const field = issue.path.map(String).join(".")
  return field === "" ? issue.message : `${field}: ${issue.message}`
}

const decodeFanRecord = Schema.decodeUnknownEither(FanRecord)
const decodeEndOfFile = Schema.decodeUnknownEither(EndOfFile)
const parseJson = Schema.decodeUnknownEither(Schema.parseJson())
const text = new TextDecoder()

/** What a scores-stream record carries: a fan record (SPEC §3.1), or a load's end-of-file mark. */
export type ScoresRecord = { readonly _tag: "Fan"; readonly fan: FanRecord } | { readonly _tag: "EndOfFile"; readonly mark: EndOfFile }

const isControl = (json: unknown) => typeof json === "object" && json !== null && controlField in json

/** The fan record or mark a scores-stream record carries, or why it is neither. */
export const readScoresRecord = (record: IncomingRecord): Either.Either<ScoresRecord, string> =>
  Either.flatMap(Either.mapLeft(parseJson(text.decode(record.data)), describeParseError), (json): Either.Either<ScoresRecord, string> =>
    isControl(json)
      ? Either.map(Either.mapLeft(decodeEndOfFile(json), describeParseError), (mark) => ({ _tag: "EndOfFile" as const, mark }))
      : Either.map(Either.mapLeft(decodeFanRecord(json), describeParseError), (fan) => ({ _tag: "Fan" as const, fan }))
  )
