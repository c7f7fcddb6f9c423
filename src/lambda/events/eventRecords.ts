import { Effect, Either, type ParseResult, Predicate } from "effect"
import { describeParseError } from "../../pipelines/delivery/incomingRecords.js"

/** A record that cannot be read: where it came from (what it has of its ids, position and keys), and why. */
export interface Unreadable {
  readonly where: Readonly<Record<string, unknown>>
  readonly reason: string
}

/** How a handler reads one record of its event (at `index` in `Records`): what its worker takes, or why not. */
export type RecordReader<A> = (record: unknown, index: number) => Either.Either<A, Unreadable>

/** The records of one event that could be read, and how many could not. */
export interface EventRecords<A> {
  readonly records: ReadonlyArray<A>
  readonly unreadable: number
}

const longest = 200

/** A value for a log line: long strings and large objects cut (as JSON) to 200 characters. */
const brief = (value: unknown): unknown => {
  const text = typeof value === "string" ? value : Predicate.isObject(value) ? JSON.stringify(value) : undefined
  if (text === undefined || text.length <= longest) return value
  return `${text.slice(0, longest)}…`
}

const at = (value: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((inner, name) => (Predicate.isRecord(inner) ? inner[name] : undefined), value)

/** For log lines: the record's position in its event and the fields at `paths` it has, by name. */
export const whereOf =
  (paths: Readonly<Record<string, ReadonlyArray<string>>>) =>
  (record: unknown, index: number): Record<string, unknown> => {
    const where: Record<string, unknown> = { index }
    for (const [name, path] of Object.entries(paths)) {
      const value = at(record, path)
      if (value !== undefined) where[name] = brief(value)
    }
    return where
  }

/** The field at `path` of a record, when it is a string. */
export const stringAt = (record: unknown, path: ReadonlyArray<string>): string | undefined => {
  const value = at(record, path)
  return typeof value === "string" ? value : undefined
}

/** A reader from steps giving a reason: the record's location looked up only for a record that fails. */
export const recordReader =
  <A>(where: (record: unknown, index: number) => Record<string, unknown>, read: (record: unknown) => Either.Either<A, string>): RecordReader<A> =>
  (record, index) =>
    Either.mapLeft(read(record), (reason) => ({ where: where(record, index), reason }))

/** A Schema decoder's failure as its first problem (`field: what was wrong`). */
export const parseReason = <A>(decoded: Either.Either<A, ParseResult.ParseError>): Either.Either<A, string> =>
  Either.mapLeft(decoded, describeParseError)

const shapeOf = (event: unknown): string => {
  if (event === null || event === undefined) return String(event)
  if (Array.isArray(event)) return "an array"
  if (!Predicate.isRecord(event)) return `a ${typeof event}`
  const keys = Object.keys(event)
  return keys.length === 0 ? "an empty object" : `an object with ${String(brief(keys.join(", ")))}`
}

/** The `Records` of a Lambda event, or what the event is instead. */
export const recordsOf = (event: unknown): Either.Either<ReadonlyArray<unknown>, string> =>
  Predicate.isRecord(event) && Array.isArray(event["Records"])
    ? Either.right(event["Records"] as ReadonlyArray<unknown>)
    : Either.left(`not an event with Records: ${shapeOf(event)}`)

/** Logs an unreadable record of a `source` event, with where it came from. */
export const logUnreadable = (source: string, { where, reason }: Unreadable) =>
  Effect.logWarning(`${source} record unreadable, skipped: ${reason}`).pipe(Effect.annotateLogs({ record: where }))

/**
 * Reads each record of a `source` (Kinesis, DynamoDB stream, SQS, S3) event on its own:
 * one that cannot be read is logged with where it came from and counted, and the others
 * are read on. An event without `Records` is logged and counts as one unreadable record.
 */
export const readEvent =
  <A>(source: string, read: RecordReader<A>) =>
  (event: unknown): Effect.Effect<EventRecords<A>> =>
    Effect.gen(function* () {
      const all = recordsOf(event)
      if (Either.isLeft(all)) {
        yield* Effect.logError(`${source} event unreadable, nothing done: ${all.left}`)
        return { records: [], unreadable: 1 }
      }
      const records: Array<A> = []
      let unreadable = 0
      for (let index = 0; index < all.right.length; index++) {
        const record = read(all.right[index], index)
        if (Either.isRight(record)) records.push(record.right)
        else {
          unreadable++
          yield* logUnreadable(source, record.left)
        }
      }
      return { records, unreadable }
    })
