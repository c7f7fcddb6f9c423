import { Effect, Stream } from "effect"

/** One read of an object from its start: bytes so far, and the line ends among them. */
interface Read {
  bytes: number
  lineEnds: number
}

/** How many line-feed bytes `piece` holds. */
export const lineEndsIn = (piece: Uint8Array) => {
  const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
  let n = 0
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++
  return n
}

/**
 * How far the runner's loads have read the scoring bucket's objects, watched on the bucket
 * (the loaders read an object as a stream): each read of a key is counted on its own, since a
 * continuation reads the file again from its start, and so does the rejects file's writer.
 */
export class ObjectReads {
  private readonly reads = new Map<string, Array<Read>>()

  /** `body`, a read of `key`, counted as it is read. */
  counted<E, R>(key: string, body: Stream.Stream<Uint8Array, E, R>): Stream.Stream<Uint8Array, E, R> {
    return Stream.suspend(() => {
      const read: Read = { bytes: 0, lineEnds: 0 }
      const reads = this.reads.get(key) ?? []
      this.reads.set(key, [...reads, read])
      return Stream.mapChunksEffect(body, (chunk) =>
        Effect.sync(() => {
          for (const piece of chunk) {
            read.bytes += piece.byteLength
            read.lineEnds += lineEndsIn(piece)
          }
          return chunk
        })
      )
    })
  }

  /** The read of `key` that got furthest: its bytes, and its rows (lines after the header). */
  furthest(key: string): { readonly bytes: number; readonly rows: number } {
    const best = (this.reads.get(key) ?? []).reduce<Read>((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, lineEnds: 0 })
    return { bytes: best.bytes, rows: Math.max(0, best.lineEnds - 1) }
  }

  /** Forgets the reads of `key` (its load is done: the next load of the same key starts from nothing). */
  forget(key: string) {
    this.reads.delete(key)
  }
}
