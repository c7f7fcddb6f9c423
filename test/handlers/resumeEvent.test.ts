import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { handleScoringBucketEvent } from "../../src/handlers/scoringBucketHandler.js"
import { objectCreatedEvent } from "../../src/handlers/s3Event.js"
import { MemoryWorld } from "../../src/layers/memory/MemoryWorld.js"
import { MetricsIgnored } from "../../src/layers/observability/WorkerMetrics.js"
import { LoadDeadline } from "../../src/services/LoadDeadline.js"
import { fanlistChunks } from "../support/fanlistFile.js"

/** Issue 17: the S3 handler takes the event a load sends to go on from its checkpoint; one it cannot read is counted, not run. */

const key = "fanlist/scored/c1/20261202T1300.csv"
const nearEnd = Layer.succeed(LoadDeadline, { remainingMillis: Effect.succeed(0), reserveMillis: 60_000 })
const quietly = Logger.withMinimumLogLevel(LogLevel.None)

describe("the S3 handler's resume event", () => {
  it.effect("goes on from the checkpoint of the invocation before, and the last one sends the verdict message", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, new Uint8Array(Buffer.concat([...fanlistChunks({ rows: 1_200, fans: 600 })])))
      const layer = Layer.mergeAll(world.layer, MetricsIgnored)
      const first = yield* handleScoringBucketEvent(objectCreatedEvent("vf-scoring", key, 10)).pipe(Effect.provide(layer), Effect.provide(nearEnd), quietly)
      const [outcome] = first.files
      const checkpoint = outcome !== undefined && "result" in outcome && "continues" in outcome.result ? outcome.result.continues : undefined
      expect(checkpoint).toMatchObject({ groupsDone: 1, invocations: 2 })
      expect(world.verdictQueue.sent).toEqual([])
      const event = JSON.parse(JSON.stringify({ resume: { key, checkpoint } })) // as Lambda hands it over: JSON
      const second = yield* handleScoringBucketEvent(event).pipe(Effect.provide(layer), quietly)
      const [done] = second.files
      expect(done !== undefined && "result" in done ? done.result : undefined).toMatchObject({ dynamo: { out: 600 }, stream: { out: 600 } })
      expect(done !== undefined && "result" in done && "continues" in done.result).toBe(false)
      expect(world.verdictQueue.sent.map((sent) => sent.body)).toMatchObject([{ campaignId: "c1", count: 600, source: key }])
    }))

  it.effect("counts a resume event it cannot read, and runs nothing", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const reply = yield* handleScoringBucketEvent({ resume: { key, checkpoint: { groupsDone: "two" } } }).pipe(
        Effect.provide(Layer.mergeAll(world.layer, MetricsIgnored)),
        quietly
      )
      expect(reply).toEqual({ files: [], skipped: 0, unreadable: 1 })
    }))
})
