import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand } from "@aws-sdk/client-s3"
import { PutObjectCommand, type S3Client, UploadPartCommand } from "@aws-sdk/client-s3"
import { Effect, Exit, Stream } from "effect"
import { BucketError } from "../../services/errors.js"
import type { WrittenObject } from "../../services/ScoringBucket.js"
import { describeAwsError } from "./awsError.js"
import { sendRetried } from "./transientRetry.js"

const MiB = 1024 * 1024
/** S3's smallest part (all but the last may not be smaller), and the most parts of one upload. */
export const minPartBytes = 5 * MiB
const maxParts = 10_000

export interface MultipartOptions {
  /** The bytes of every part but the last: at least S3's 5 MiB. */
  readonly partBytes: number
  /** Parts uploading at once: the memory held is at most `partBytes × (partsInFlight + 1)`. */
  readonly partsInFlight: number
}

export const defaultMultipartOptions: MultipartOptions = { partBytes: 8 * MiB, partsInFlight: 2 }

/** A part copied out of the body; `last` when the body ended after it. */
type Part = { readonly number: number; readonly body: Uint8Array; readonly last: boolean }

/**
 * The body in parts of `partBytes` (the last one shorter; one empty part for an empty body),
 * each a buffer of its own, taken from `buffers` before it is filled (its upload gives it
 * back). A full part goes on when a byte past it arrives, so that part 1 is known to be the
 * whole object or not; the pieces are cut at the parts' bounds first, so a piece fills one part.
 */
const partsOf = <E, R>(body: Stream.Stream<Uint8Array, E, R>, partBytes: number, buffers: Effect.Semaphore): Stream.Stream<Part, E, R> =>
  Stream.suspend(() => {
    let seen = 0
    let number = 0
    let buffer: Uint8Array | undefined
    let filled = 0
    const cut = (piece: Uint8Array) => {
      const slices: Array<Uint8Array> = []
      for (let at = 0; at < piece.length; ) {
        const end = Math.min(piece.length, at + partBytes - (seen % partBytes))
        slices.push(piece.subarray(at, end))
        seen += end - at
        at = end
      }
      return slices
    }
    const nextBuffer = (bytes: number) =>
      Effect.map(buffers.take(1), () => {
        number++
        filled = 0
        return (buffer = new Uint8Array(bytes))
      })
    const fill = (slice: Uint8Array) =>
      Effect.gen(function* () {
        const full: Array<Part> = buffer !== undefined && filled === partBytes ? [{ number, body: buffer, last: false }] : []
        const target = buffer === undefined || full.length > 0 ? yield* nextBuffer(partBytes) : buffer
        target.set(slice, filled)
        filled += slice.length
        return full
      })
    const last = Effect.suspend(() => (buffer === undefined ? nextBuffer(0) : Effect.succeed(buffer.subarray(0, filled))))
    return body.pipe(
      Stream.mapConcat(cut),
      Stream.mapEffect(fill),
      Stream.flattenIterables,
      Stream.concat(Stream.fromEffect(Effect.map(last, (rest): Part => ({ number, body: rest, last: true }))))
    )
  })

/**
 * Writes `body` to `key`, holding at most `partsInFlight + 1` parts: one PutObject when it fits
 * in one part; else a multipart upload, created once part 1 is known not to be the last, its
 * parts uploaded `partsInFlight` at once and completed with their ETags in order. Each call is
 * retried on transient errors; on any failure (the body's, S3's, an interruption) an upload
 * that was created is aborted, so that no parts are left.
 */
export const writeMultipart = <E, R>(
  client: S3Client,
  bucket: string,
  key: string,
  body: Stream.Stream<Uint8Array, E, R>,
  contentType: string | undefined,
  options: MultipartOptions
): Effect.Effect<WrittenObject, E | BucketError, R> =>
  Effect.suspend(() => {
    const target = { Bucket: bucket, Key: key }
    const fail = (reason: string) => new BucketError({ bucket, key, reason })
    const call = <A>(operation: string, send: (signal: AbortSignal) => Promise<A>) =>
      sendRetried(send, (error) => fail(`${operation}: ${describeAwsError(error)}`))
    const present = <A>(operation: string, value: A | undefined) =>
      value === undefined ? Effect.fail(fail(`${operation} returned no answer`)) : Effect.succeed(value)
    let uploadId: string | undefined

    const create = call("CreateMultipartUpload", (signal) =>
      client.send(new CreateMultipartUploadCommand({ ...target, ContentType: contentType }), { abortSignal: signal })
    ).pipe(
      Effect.flatMap((output) => present("CreateMultipartUpload", output.UploadId)),
      Effect.tap((id) => void (uploadId = id)),
      // Once sent it is seen through and recorded, even when interrupted: the abort then finds it.
      Effect.uninterruptible
    )
    const putWhole = ({ body }: Part) =>
      call("PutObject", (signal) =>
        client.send(new PutObjectCommand({ ...target, Body: body, ContentLength: body.byteLength, ContentType: contentType }), {
          abortSignal: signal
        })
      )
    const uploadPart = (UploadId: string, { number, body }: Part) =>
      call(`UploadPart ${number}`, (signal) =>
        client.send(new UploadPartCommand({ ...target, UploadId, PartNumber: number, Body: body, ContentLength: body.byteLength }), {
          abortSignal: signal
        })
      ).pipe(Effect.flatMap((output) => present(`UploadPart ${number}`, output.ETag)))
    const abort = (UploadId: string) =>
      call("AbortMultipartUpload", (signal) => client.send(new AbortMultipartUploadCommand({ ...target, UploadId }), { abortSignal: signal })).pipe(
        Effect.catchAll((error) => Effect.logWarning(`upload ${UploadId} not aborted, its parts are left: ${error.message}`))
      )

    return Effect.gen(function* () {
      const buffers = yield* Effect.makeSemaphore(options.partsInFlight + 1)
      const created = yield* Effect.cached(create)
      const write = (part: Part): Effect.Effect<{ readonly bytes: number; readonly ETag?: string }, BucketError> =>
        part.number > maxParts
          ? Effect.fail(fail(`more than ${maxParts} parts of ${options.partBytes} bytes`))
          : part.number === 1 && part.last
            ? Effect.as(putWhole(part), { bytes: part.body.byteLength })
            : Effect.map(Effect.flatMap(created, (id) => uploadPart(id, part)), (ETag) => ({ bytes: part.body.byteLength, ETag }))
      const written = Array.from(
        yield* partsOf(body, options.partBytes, buffers).pipe(
          Stream.mapEffect((part) => Effect.ensuring(write(part), buffers.release(1)), { concurrency: options.partsInFlight }),
          Stream.runCollect
        )
      )
      const bytes = written.reduce((sum, part) => sum + part.bytes, 0)
      const UploadId = uploadId
      if (UploadId === undefined) return { bytes, parts: 1 }
      const Parts = written.map(({ ETag }, index) => ({ PartNumber: index + 1, ETag }))
      yield* call("CompleteMultipartUpload", (signal) =>
        client.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts } }), { abortSignal: signal })
      )
      return { bytes, parts: Parts.length }
    }).pipe(Effect.onExit((exit) => (Exit.isFailure(exit) && uploadId !== undefined ? abort(uploadId) : Effect.void)))
  })
