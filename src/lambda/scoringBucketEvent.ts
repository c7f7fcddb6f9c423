import { Effect, Either, Predicate, Schema } from "effect"
import { WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { FileOutcome } from "../pipelines/run/fileOutcome.js"
import { checkpointPrefix, LoadCheckpoint } from "../pipelines/run/loadCheckpoint.js"
import { describeParseError } from "../pipelines/delivery/incomingRecords.js"
import { LoadContinuations } from "../services/LoadContinuations.js"
import { ScoringBucket } from "../services/ScoringBucket.js"
import { readEvent } from "./events/eventRecords.js"
import { isTestEvent, readS3Record, type S3Notice } from "./events/s3Event.js"

export interface ScoringBucketReply {
  /** One outcome per ObjectCreated record read, in the event's order. */
  readonly files: ReadonlyArray<FileOutcome>
  /** Records of other events (ObjectRemoved:*, …) and s3:TestEvent notifications: logged, not processed. */
  readonly skipped: number
  /** Records (or whole events) that could not be read: logged, not processed. */
  readonly unreadable: number
}

/** The worker dimension of the metrics of the notifications themselves (skipped, unreadable). */
export const notificationsWorker = "scoringBucket"

const readNotices = readEvent("S3", readS3Record)

/** Runs an object's worker: its key, and its version when the event names one (a retry of the same event is the same run); from a checkpoint when it continues a load. */
export type FileProcess<R> = (key: string, version?: string, resume?: LoadCheckpoint) => Effect.Effect<FileOutcome, never, R>

type Created = Extract<S3Notice, { readonly _tag: "ObjectCreated" }>

/** The event that continues a file's load from its checkpoint, when the load neared its invocation's end: its continuation. */
export const continuationOf = (outcome: FileOutcome, version: string | undefined): ResumeEvent | undefined => {
  const checkpoint = "result" in outcome ? outcome.result.continues : undefined
  return checkpoint === undefined ? undefined : { resume: { key: outcome.key, ...(version === undefined ? {} : { version }), checkpoint } }
}

/**
 * A file's load, and its continuation handed on (LoadContinuations: on Lambda, an invocation
 * of this function) when it neared the invocation's end: a continuation that cannot be handed
 * on fails the invocation, so that Lambda runs it again. Without LoadContinuations (a program
 * calling the handler itself), the outcome's checkpoint is the caller's to go on from.
 */
const loaded =
  <R>(process: FileProcess<R>): FileProcess<R> =>
  (key, version, resume) =>
    Effect.flatMap(process(key, version, resume), (outcome) => {
      const next = continuationOf(outcome, version)
      if (next === undefined) return Effect.succeed(outcome)
      return Effect.flatMap(Effect.serviceOption(LoadContinuations), (continuations) =>
        continuations._tag === "None"
          ? Effect.succeed(outcome)
          : continuations.value.handOn(next).pipe(
              Effect.zipRight(Effect.logInfo(`${key}: the load goes on in invocation ${next.resume.checkpoint.invocations}`)),
              Effect.as(outcome),
              Effect.catchAll((error) =>
                Effect.as(Effect.logError(`${key}: ${error.message}`), { key, worker: outcome.worker, error: error.message } as FileOutcome)
              )
            )
      )
    })

const fileOf = <R>(bucket: string, process: FileProcess<R>) => (notice: Created) => {
  if (notice.bucket === bucket) return process(notice.key, notice.version)
  const error = `event is for bucket ${notice.bucket}, but this worker reads ${bucket} (SCORING_BUCKET)`
  return Effect.as(Effect.logError(error), { key: notice.key, worker: "none", error } as FileOutcome)
}

const logOtherEvent = (notice: Exclude<S3Notice, Created>) =>
  Effect.logWarning(`S3 record skipped: ${notice.eventName} is not ObjectCreated:*`).pipe(
    Effect.annotateLogs({ record: { eventName: notice.eventName, bucket: notice.bucket, key: notice.key } })
  )

const published = (reply: ScoringBucketReply) =>
  reply.skipped + reply.unreadable === 0
    ? Effect.succeed(reply)
    : Effect.as(
        Effect.flatMap(WorkerMetrics, (metrics) => metrics.publish(notificationsWorker, { skipped: reply.skipped, unreadable: reply.unreadable })),
        reply
      )

/** The event a load sends its own function to go on from a checkpoint: a continuation. */
export const ResumeEvent = Schema.Struct({
  resume: Schema.Struct({ key: Schema.String, version: Schema.optionalWith(Schema.String, { exact: true }), checkpoint: LoadCheckpoint }).pipe(
    Schema.filter(({ key, checkpoint }) => key.startsWith(checkpointPrefix[checkpoint._tag]) || `a ${checkpoint._tag} is for a file under ${checkpointPrefix[checkpoint._tag]}, not ${key}`)
  )
})
export type ResumeEvent = typeof ResumeEvent.Type

const isResumeEvent = (event: unknown): event is object => Predicate.hasProperty(event, "resume")
const decodeResume = Schema.decodeUnknownEither(ResumeEvent)

/** A load's continuation: its file from the checkpoint; an event that cannot be read is logged and counted, as any. */
const resumed = <R>(event: unknown, process: FileProcess<R>) =>
  Either.match(decodeResume(event), {
    onLeft: (error) =>
      Effect.as(Effect.logError(`resume event unreadable: ${describeParseError(error)}`), { files: [], skipped: 0, unreadable: 1 } as ScoringBucketReply),
    onRight: ({ resume }) => Effect.map(loaded(process)(resume.key, resume.version, resume.checkpoint), (file): ScoringBucketReply => ({ files: [file], skipped: 0, unreadable: 0 }))
  })

const testEvent = (event: Readonly<Record<string, unknown>>) =>
  Effect.as(Effect.logInfo(`S3 s3:TestEvent for bucket ${String(event["Bucket"])} skipped`), { files: [], skipped: 1, unreadable: 0 })

/**
 * Reads an S3 notification record by record and runs `process` (processScoringFile: each
 * object's worker) on each new object, one file after the other. A record of another
 * event, or an s3:TestEvent, is logged and skipped; one that cannot be read is logged and
 * counted; neither reads the bucket nor fails the invocation.
 */
export const handleBucketEvent = <R>(event: unknown, process: FileProcess<R>) =>
  Effect.gen(function* () {
    if (isTestEvent(event)) return yield* published(yield* testEvent(event))
    if (isResumeEvent(event)) return yield* resumed(event, process)
    const { records, unreadable } = yield* readNotices(event)
    const toFile = fileOf((yield* ScoringBucket).bucket, loaded(process))
    const files: Array<FileOutcome> = []
    let skipped = 0
    for (const notice of records) {
      if (notice._tag === "ObjectCreated") files.push(yield* toFile(notice))
      else {
        skipped++
        yield* logOtherEvent(notice)
      }
    }
    return yield* published({ files, skipped, unreadable })
  })

/** The reply of a Lambda invocation: a file that failed fails it, so that S3's retries and alarms see it. */
export const failOnFailedFiles = (reply: ScoringBucketReply) => {
  const errors = reply.files.flatMap((file) => ("error" in file ? [`${file.key}: ${file.error}`] : []))
  return errors.length === 0 ? Effect.succeed(reply) : Effect.fail(new Error(errors.join("; ")))
}
