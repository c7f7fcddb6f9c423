import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Scheduler } from "effect"
import { MemoryVerdictQueue } from "../../../src/local/memory/MemoryVerdictQueue.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { oneShard, type PutOutcome, ScoresStream } from "../../../src/services/RecordStream.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { rejectsKey } from "../../../src/pipelines/quality/rejectsFile.js"
import { generatedBucket } from "../../support/generatedBucket.js"
import { HeapWatch } from "../../support/heapWatch.js"
import { invalidKinds, type ScrubbedFileOptions, scrubbedFile, scrubbedFileSummary, scrubbedKey } from "../../support/scrubbedFile.js"

/**
 * A 100,000-row, ~100 MB file, generated lazily, through the whole worker: the counts are
 * exact and the live heap stays far below the file size (SPEC §1: memory flat in file size).
 */

const MB = 1024 * 1024

/** A scores stream that accepts everything and only counts: it keeps no record. */
class CountingStream {
  records = 0
  calls = 0
  largestCall = 0

  constructor(private readonly onCall: (call: number) => void) {}

  readonly layer = Layer.succeed(ScoresStream, {
    streamName: "counting-stream",
    openShards: oneShard,
    putRecords: (entries) =>
      Effect.sync(() => {
        this.calls++
        this.records += entries.length
        this.largestCall = Math.max(this.largestCall, entries.length)
        this.onCall(this.calls)
        return entries.map((_, i): PutOutcome => ({ accepted: true, shardId: "shardId-0", sequenceNumber: String(i) }))
      })
  })
}

describe("loadScoresToStream: a large file", () => {
  it.live(
    "streams 100,000 wide rows (~100 MB) with exact counts and a live heap far below the file size",
    () =>
      Effect.gen(function* () {
        const options: ScrubbedFileOptions = {
          rows: 100_000,
          campaignId: "c7",
          seed: 7,
          invalidEvery: 97,
          multilineEvery: 1000,
          padding: 850,
          lineEnd: "\r\n",
          bom: true
        }
        const key = scrubbedKey("c7")
        const expected = scrubbedFileSummary(options)
        const heap = new HeapWatch()
        let fileBytes = 0
        let pieces = 0
        const bucket = generatedBucket(key, () => scrubbedFile(options), (bytes) => {
          fileBytes += bytes
          if (++pieces % 128 === 0) heap.sample()
        })
        const stream = new CountingStream((call) => {
          if (call % 4 === 0) heap.sample()
        })
        const queue = new MemoryVerdictQueue()
        const started = Date.now()

        const result = yield* loadScoresToStream(key).pipe(
          Effect.provide(Layer.mergeAll(bucket.layer, stream.layer, Layer.succeed(VerdictQueue, queue.service))),
          Logger.withMinimumLogLevel(LogLevel.None),
          // Yields through the event loop (see millionRejects.test.ts): the worker keeps answering vitest.
          Effect.withScheduler(Scheduler.timerBatched(0))
        )
        heap.sample()
        const seconds = (Date.now() - started) / 1000

        expect(fileBytes).toBeGreaterThan(95 * MB)
        expect(result).toMatchObject({
          campaignId: "c7",
          in: 100_000,
          valid: expected.valid,
          invalid: expected.invalid,
          duplicate: 0,
          out: expected.fans,
          failed: 0
        })
        expect(expected.invalid).toBe(Math.floor(100_000 / 97))
        expect(result.errors.map((error) => error.line)).toEqual(expected.firstInvalid.map((invalid) => invalid.line))
        result.errors.forEach((error, i) => {
          const kind = expected.firstInvalid[i]!.kind
          const word = { "field count": "fields", "infinite score": "score", unranked: "unranked" }[kind as string] ?? kind
          expect(error.reason).toContain(word)
        })
        expect(invalidKinds.every((kind) => expected.firstInvalid.some((invalid) => invalid.kind === kind))).toBe(true)
        expect(stream.records).toBe(expected.fans + 1) // and the end-of-file mark
        // The file was read twice: the second time for its rejects file, every invalid row with its header.
        // Its lines: the header, each invalid row, and the line break inside the one row both invalid and multiline (row 97,000).
        expect(bucket.written.get(rejectsKey(key))?.lines).toBe(1 + expected.invalid + 1)
        expect(result.rejects).toEqual({ key: rejectsKey(key), rows: expected.invalid })
        expect(stream.largestCall).toBeLessThanOrEqual(500)
        expect(queue.sent.map((message) => message.body)).toMatchObject([{ campaignId: "c7", count: expected.fans, source: key }])

        console.info(
          `100k rows, ${(fileBytes / MB).toFixed(1)} MB in ${seconds.toFixed(1)} s: ` +
            `live heap peak growth ${(heap.peak / MB).toFixed(1)} MB over ${heap.samples} samples`
        )
        expect(heap.samples).toBeGreaterThan(20)
        expect(heap.peak).toBeLessThan(40 * MB)
      }),
    60_000
  )
})
