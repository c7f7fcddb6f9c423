import { createReadStream } from "node:fs"
import { Chunk, Effect, Stream } from "effect"
import { BucketError, ObjectNotFound } from "../../services/errors.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"

/**
 * An in-memory scoring bucket; objects are read back in slices, like a network body. An
 * object may also be a local file (`putFile`, as the runner puts the files it is given):
 * read from disk as it is read, so a large file does not sit in memory.
 */
export class MemoryScoringBucket {
  readonly objects = new Map<string, Uint8Array>()
  private readonly files = new Map<string, string>()

  /** The object `key` is the file at `path`, read from disk each time it is read. */
  putFile(key: string, path: string) {
    this.objects.delete(key)
    this.files.set(key, path)
  }

  private fileBody(key: string, path: string) {
    return Stream.fromAsyncIterable(
      createReadStream(path, { highWaterMark: this.sliceBytes }) as AsyncIterable<Buffer>,
      (error) => new BucketError({ bucket: this.bucket, key, reason: `the local file ${path} could not be read: ${String(error)}` })
    ).pipe(Stream.map((piece): Uint8Array => piece))
  }

  constructor(
    readonly bucket = "vf-scoring",
    private readonly sliceBytes = 64 * 1024
  ) {}

  get service() {
    return ScoringBucket.of({
    bucket: this.bucket,
    readObject: (key) =>
      Stream.suspend((): Stream.Stream<Uint8Array, ObjectNotFound | BucketError> => {
        const path = this.files.get(key)
        if (path !== undefined) return this.fileBody(key, path)
        const body = this.objects.get(key)
        if (body === undefined) return Stream.fail(new ObjectNotFound({ bucket: this.bucket, key }))
        const slices: Array<Uint8Array> = []
        for (let at = 0; at < body.length; at += this.sliceBytes) slices.push(body.subarray(at, at + this.sliceBytes))
        return Stream.fromChunks(...slices.map(Chunk.of))
      }),
    putObject: (key, body) => Effect.sync(() => (this.files.delete(key), void this.objects.set(key, body))),
    /** The body collected whole and stored as the object (once it has ended without failing). */
    writeObject: (key, body) =>
      Effect.map(Stream.runCollect(body), (pieces) => {
        const object = new Uint8Array(Chunk.reduce(pieces, 0, (bytes, piece) => bytes + piece.byteLength))
        Chunk.reduce(pieces, 0, (at, piece) => (object.set(piece, at), at + piece.byteLength))
        this.files.delete(key)
        this.objects.set(key, object)
        return { bytes: object.byteLength, parts: 1 }
      })
    })
  }
}
