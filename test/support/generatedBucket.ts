import { Effect, Layer, Stream } from "effect"
import { ObjectNotFound } from "../../src/services/errors.js"
import { ScoringBucket } from "../../src/services/ScoringBucket.js"

/** What a generated bucket was given to write: per key, its bytes, lines and first lines (nothing else is kept). */
export interface WrittenSummary {
  bytes: number
  lines: number
  parts: number
  readonly head: Array<string>
  last: string
}

/**
 * A bucket whose one object at `key` is `generate()`'s bytes, read as they are generated
 * (`onPiece` is told of each piece); what the workers write is only counted (`written`):
 * neither side holds a file, so what a test measures is the worker's own memory.
 */
export const generatedBucket = (key: string, generate: () => Stream.Stream<Uint8Array>, onPiece: (bytes: number) => void = () => undefined) => {
  const written = new Map<string, WrittenSummary>()
  const layer = Layer.succeed(
    ScoringBucket,
    ScoringBucket.of({
      bucket: "vf-scoring",
      readObject: (asked) =>
        asked === key
          ? generate().pipe(Stream.tap((piece) => Effect.sync(() => onPiece(piece.length))))
          : Stream.fail(new ObjectNotFound({ bucket: "vf-scoring", key: asked })),
      putObject: () => Effect.void,
      writeObject: (target, body) =>
        Effect.suspend(() => {
          const summary: WrittenSummary = { bytes: 0, lines: 0, parts: 0, head: [], last: "" }
          const decoder = new TextDecoder()
          let partial = ""
          return body.pipe(
            Stream.runForEach((piece) =>
              Effect.sync(() => {
                summary.bytes += piece.length
                summary.parts++
                const lines = (partial + decoder.decode(piece, { stream: true })).split("\n")
                partial = lines.pop()!
                summary.lines += lines.length
                for (const line of lines.slice(0, Math.max(0, 5 - summary.head.length))) summary.head.push(line)
                if (lines.length > 0) summary.last = lines.at(-1)!
              })
            ),
            Effect.tap(() => Effect.sync(() => written.set(target, summary))),
            Effect.as({ bytes: summary.bytes, parts: summary.parts })
          )
        })
    })
  )
  return { layer, written }
}
