import { createHash, randomBytes } from "node:crypto"
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { Effect, Option, Stream } from "effect"
import { testCredentials, testRegion } from "../../support/awsTestConfig.js"

/** One S3 command as the client sent it: no bodies kept (the memory test streams 64 MiB). */
export interface SentCommand {
  readonly name: string
  readonly uploadId?: string
  readonly partNumber?: number
  /** UploadPart's answer. */
  readonly etag?: string
  /** CompleteMultipartUpload's list. */
  readonly parts?: ReadonlyArray<{ readonly PartNumber?: number; readonly ETag?: string }>
  readonly error?: string
}

/** The HTTP status to refuse a command with before it is sent (400: InvalidRequest, 503: SlowDown), or undefined to send it. */
export type FailWhen = (name: string, input: Record<string, unknown>) => 400 | 503 | undefined

const injectedError = (name: string, status: 400 | 503) =>
  Object.assign(new Error(`${name} refused (injected)`), {
    name: status === 400 ? "InvalidRequest" : "SlowDown",
    $metadata: { httpStatusCode: status }
  })

/**
 * A real SDK client (path-style, the stand-ins' credentials) whose commands are recorded,
 * with how many UploadParts were in flight at most; `failWhen` refuses chosen ones.
 */
export const recordingS3Client = (endpoint: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const client = new S3Client({
        endpoint,
        region: testRegion,
        credentials: testCredentials,
        forcePathStyle: true,
        requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 20_000 })
      })
      const sent: Array<SentCommand> = []
      const state = { inFlight: 0, maxInFlight: 0, failWhen: (() => undefined) as FailWhen }
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const name = context.commandName?.replace(/Command$/, "") ?? "?"
          const input = args.input as Record<string, unknown>
          const base = {
            name,
            ...(typeof input["UploadId"] === "string" ? { uploadId: input["UploadId"] } : {}),
            ...(typeof input["PartNumber"] === "number" ? { partNumber: input["PartNumber"] } : {}),
            ...(name === "CompleteMultipartUpload" ? { parts: (input["MultipartUpload"] as { Parts: SentCommand["parts"] }).Parts } : {})
          }
          const refused = state.failWhen(name, input)
          if (refused !== undefined) {
            sent.push({ ...base, error: `injected ${refused}` })
            throw injectedError(name, refused)
          }
          const uploading = name === "UploadPart"
          if (uploading) state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight)
          try {
            const result = await next(args)
            const etag = (result.output as { ETag?: string }).ETag
            sent.push({ ...base, ...(uploading && etag !== undefined ? { etag } : {}) })
            return result
          } catch (error) {
            sent.push({ ...base, error: error instanceof Error ? error.name : String(error) })
            throw error
          } finally {
            if (uploading) state.inFlight--
          }
        },
        { step: "initialize", name: "recordCommands" }
      )
      return {
        client,
        sent,
        names: () => sent.map((command) => command.name),
        maxInFlight: () => state.maxInFlight,
        failWhen: (when: FailWhen) => void (state.failWhen = when)
      }
    }),
    ({ client }) => Effect.sync(() => client.destroy())
  )

export const createBucket = (client: S3Client, bucket: string) =>
  Effect.promise((signal) => client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal }))

/**
 * `bytes` of random data as a stream of `pieceBytes` pieces, made as they are pulled (nothing
 * kept), and the sha256 of what was emitted so far.
 */
export const generatedBody = (bytes: number, pieceBytes = 64 * 1024) => {
  const hash = createHash("sha256")
  let emitted = 0
  const body = Stream.unfold(0, (at) => {
    if (at >= bytes) return Option.none()
    const piece = randomBytes(Math.min(pieceBytes, bytes - at))
    hash.update(piece)
    emitted += piece.length
    return Option.some([new Uint8Array(piece.buffer, piece.byteOffset, piece.length), at + piece.length] as const)
  })
  return { body, emitted: () => emitted, sha256: () => hash.copy().digest("hex") }
}

/** The sha256 of a stream of bytes, read piece by piece. */
export const sha256Of = <E, R>(stream: Stream.Stream<Uint8Array, E, R>) =>
  Effect.map(
    Stream.runFold(stream, createHash("sha256"), (hash, piece) => hash.update(piece)),
    (hash) => hash.digest("hex")
  )
