import { describe, expect, it } from "@effect/vitest"
import { Chunk, Data, Effect, Stream } from "effect"
import { MemoryScoringBucket } from "../../../src/local/memory/MemoryScoringBucket.js"

class BodyFailed extends Data.TaggedError("BodyFailed") {}

const bytes = (length: number) => Uint8Array.from({ length }, (_, at) => (at * 31) % 251)

describe("MemoryScoringBucket.writeObject", () => {
  it.effect("stores the body's pieces as one object, read back the same in slices", () =>
    Effect.gen(function* () {
      const memory = new MemoryScoringBucket("vf-scoring", 1000)
      const body = bytes(2500)
      const pieces = [body.subarray(0, 700), body.subarray(700, 700), body.subarray(700, 2100), body.subarray(2100)]
      expect(yield* memory.service.writeObject("scored/a.csv", Stream.fromIterable(pieces), { contentType: "text/csv" })).toEqual({
        bytes: 2500,
        parts: 1
      })
      expect(memory.objects.get("scored/a.csv")).toEqual(body)
      const read = Chunk.toReadonlyArray(yield* Stream.runCollect(memory.service.readObject("scored/a.csv")))
      expect(read.map((slice) => slice.length)).toEqual([1000, 1000, 500])
      expect(Uint8Array.from(read.flatMap((slice) => Array.from(slice)))).toEqual(body)
    }))

  it.effect("writes an empty body as an empty object", () =>
    Effect.gen(function* () {
      const memory = new MemoryScoringBucket()
      expect(yield* memory.service.writeObject("scored/empty.csv", Stream.empty)).toEqual({ bytes: 0, parts: 1 })
      expect(memory.objects.get("scored/empty.csv")).toEqual(new Uint8Array(0))
    }))

  it.effect("fails with the body's error and stores nothing", () =>
    Effect.gen(function* () {
      const memory = new MemoryScoringBucket()
      const body = Stream.concat(Stream.make(bytes(10)), Stream.fail(new BodyFailed()))
      expect(yield* Effect.flip(memory.service.writeObject("scored/broken.csv", body))).toEqual(new BodyFailed())
      expect(memory.objects.has("scored/broken.csv")).toBe(false)
    }))
})
