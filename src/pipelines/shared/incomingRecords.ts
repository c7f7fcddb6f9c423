import { Either, ParseResult, Schema } from "effect"
import { FanRecord } from "../../services/schemas/FanRecord.js"

/** A record a stream consumer receives: Kinesis data already base64-decoded. */
export interface IncomingRecord {
  readonly sequenceNumber: string
  readonly data: Uint8Array
}

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

const decodeFanRecord = Schema.decodeUnknownEither(Schema.parseJson(FanRecord))
const text = new TextDecoder()

/** The fan record a scores-stream record carries (SPEC §3.1), or why it is not one. */
export const readFanRecord = (record: IncomingRecord): Either.Either<FanRecord, string> =>
  Either.mapLeft(decodeFanRecord(text.decode(record.data)), describeParseError)
