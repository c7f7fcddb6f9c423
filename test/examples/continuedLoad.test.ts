import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Schema } from "effect"
import { handleScoringBucketEvent, LoadContinuations, LoadDeadline, MetricsIgnored, ResumeEvent, type ScoringBucketReply } from "vf-scoring-workers"
import { MemoryWorld, objectCreatedEvent } from "vf-scoring-workers/testing"
import { scrubbedFileChunks, scrubbedKey } from "../support/scrubbedFile.js"

/**
 * Another program of the platform, through the package's entry point alone, running a long
 * load in short invocations of its own (continuations): its own LoadDeadline, its own
 * LoadContinuations (here a list it works through), and the resume events read with the
 * package's ResumeEvent schema, as they would come back from a queue of its own.
 */

const key = scrubbedKey("c88")
const quietly = Logger.withMinimumLogLevel(LogLevel.None)

describe("a long load driven by another program", () => {
  it.live("goes on from each continuation it is handed until the load is done, with the counts of one run", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, new Uint8Array(Buffer.concat([...scrubbedFileChunks({ rows: 4_000, campaignId: "c88" })])))
      const queue: Array<string> = []
      const continuations = Layer.succeed(LoadContinuations, { handOn: (event) => Effect.sync(() => void queue.push(JSON.stringify(event))) })
      // Each invocation is near its end from the start: it puts one batch of records, and hands the rest on.
      const nearEnd = Layer.succeed(LoadDeadline, { remainingMillis: Effect.succeed(0), reserveMillis: 1_000 })
      const services = Layer.mergeAll(world.layer, MetricsIgnored, continuations, nearEnd)
      const invoke = (event: unknown) => handleScoringBucketEvent(event).pipe(Effect.provide(services), quietly)
      let reply: ScoringBucketReply = yield* invoke(objectCreatedEvent("vf-scoring", key, 1))
      let invocations = 1
      for (let next = queue.shift(); next !== undefined; next = queue.shift(), invocations++) {
        reply = yield* invoke(Schema.decodeUnknownSync(ResumeEvent)(JSON.parse(next)))
      }
      const [file] = reply.files
      expect(invocations).toBeGreaterThan(2)
      expect(file).toMatchObject({ worker: "loadScoresToStream", result: { in: 4_000, invalid: 0, failed: 0 } })
      const out = file !== undefined && "result" in file && "out" in file.result ? file.result.out : 0
      expect(invocations).toBe(Math.ceil(out / 500))
      expect(new Set(world.scoresStream.records().map((record) => record.partitionKey)).size).toBe(out)
      expect(world.verdictQueue.sent).toHaveLength(1)
    }))
})
