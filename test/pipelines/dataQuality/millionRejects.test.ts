import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel, Scheduler } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { rejectsKey } from "../../../src/pipelines/quality/rejectsFile.js"
import { generatedBucket } from "../../support/generatedBucket.js"
import { HeapWatch } from "../../support/heapWatch.js"
import { scrubbedFile, scrubbedKey } from "../../support/scrubbedFile.js"

/** SPEC §12: a file of 1,000,000 refused rows writes its rejects file with flat memory. */

const MB = 1024 * 1024

describe("a rejects file of 1,000,000 rows", () => {
  it.live(
    "holds every refused row, while the live heap grows by a fraction of the file it writes",
    () =>
      Effect.gen(function* () {
        const key = scrubbedKey("c9")
        const heap = new HeapWatch()
        let pieces = 0
        const sample = () => void (++pieces % 256 === 0 && heap.sample())
        const bucket = generatedBucket(key, () => scrubbedFile({ rows: 1_000_000, campaignId: "c9", seed: 9, invalidEvery: 1 }), sample)
        const world = new MemoryWorld({ unread: "dropped" })
        const result = yield* loadScoresToStream(key).pipe(
          Effect.provide(bucket.layer),
          Effect.provide(world.layer),
          Logger.withMinimumLogLevel(LogLevel.None),
          // Yields through the event loop: a minute of CPU on Effect's default (microtask) scheduler starves the test worker's own messages to vitest.
          Effect.withScheduler(Scheduler.timerBatched(0))
        )
        heap.sample()
        const written = bucket.written.get(rejectsKey(key))!
        expect(result).toMatchObject({ in: 1_000_000, valid: 0, invalid: 1_000_000, out: 0, rejects: { key: rejectsKey(key), rows: 1_000_000 } })
        expect(result.quality).toMatchObject({ invalid: 1_000_000, rows: 1_000_000, share: 1 })
        expect(written.lines).toBe(1_000_001)
        expect(written.head[0]).toMatch(/^line,reason,/)
        expect(written.head[1]).toMatch(/^2,/)
        expect(written.last).toMatch(/^1000001,/)
        console.info(`rejects file ${(written.bytes / MB).toFixed(0)} MB in ${written.parts} pieces: live heap peak growth ${(heap.peak / MB).toFixed(1)} MB over ${heap.samples} samples`)
        expect(heap.samples).toBeGreaterThan(10)
        expect(written.bytes).toBeGreaterThan(100 * MB)
        expect(heap.peak).toBeLessThan(40 * MB)
      }),
    180_000
  )
})
