import { Chunk, Effect, Stream } from "effect"
import { ObjectNotFound } from "../../services/errors.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"

/** An in-memory scoring bucket; objects are read back in slices, like a network body. */
export class MemoryScoringBucket {
  readonly objects = new Map<string, Uint8Array>()

  constructor(
    readonly bucket = "vf-scoring",
    private readonly sliceBytes = 64 * 1024
  ) {}

  get service() {
    return ScoringBucket.of({
    bucket: this.bucket,
    readObject: (key) =>
      Stream.suspend(() => {
        const body = this.objects.get(key)
        if (body === undefined) return Stream.fail(new ObjectNotFound({ bucket: this.bucket, key }))
        const slices: Array<Uint8Array> = []
        for (let at = 0; at < body.length; at += this.sliceBytes) slices.push(body.subarray(at, at + this.sliceBytes))
        return Stream.fromChunks(...slices.map(Chunk.of))
      }),
    putObject: (key, body) => Effect.sync(() => void this.objects.set(key, body)),
    /** The body collected whole and stored as the object (once it has ended without failing). */
    writeObject: (key, body) =>
      Effect.map(Stream.runCollect(body), (pieces) => {
        const object = new Uint8Array(Chunk.reduce(pieces, 0, (bytes, piece) => bytes + piece.byteLength))
        Chunk.reduce(pieces, 0, (at, piece) => (object.set(piece, at), at + piece.byteLength))
        this.objects.set(key, object)
        return { bytes: object.byteLength, parts: 1 }
      })
    })
  }
}
