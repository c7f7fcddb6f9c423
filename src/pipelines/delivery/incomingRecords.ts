import { Either, ParseResult, Schema } from "effect"
import { controlField, EndOfFile } from "../../services/schemas/EndOfFile.js"
import { FanRecord } from "../../services/schemas/FanRecord.js"
import { plainFanRecord } from "../../services/schemas/plainFanRecord.js"

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

/** The fan record or mark a scores-stream record's JSON carries, or why it is neither (by Schema). */
const decodedScoresRecord = (json: unknown): Either.Either<ScoresRecord, string> =>
  isControl(json)
    ? Either.map(Either.mapLeft(decodeEndOfFile(json), describeParseError), (mark) => ({ _tag: "EndOfFile" as const, mark }))
    : Either.map(Either.mapLeft(decodeFanRecord(json), describeParseError), (fan) => ({ _tag: "Fan" as const, fan }))

/** A record's JSON; Schema's parseJson tells why when it is not JSON. */
const jsonOf = (data: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(data) as unknown)
  } catch {
    return Either.mapLeft(parseJson(data), describeParseError)
  }
}

/**
 * The fan record or mark a scores-stream record carries, or why it is neither. A fan
 * record as it should be is read without Schema (plainFanRecord: the same object).
 */
export const readScoresRecord = (record: IncomingRecord): Either.Either<ScoresRecord, string> =>
  Either.flatMap(jsonOf(text.decode(record.data)), (json) => {
    const fan = isControl(json) ? undefined : plainFanRecord(json)
    return fan === undefined ? decodedScoresRecord(json) : Either.right({ _tag: "Fan" as const, fan })
  })
