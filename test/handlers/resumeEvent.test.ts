import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { handleScoringBucketEvent } from "../../src/handlers/scoringBucketHandler.js"
import { objectCreatedEvent } from "../../src/lambda/events/s3Event.js"
import { MemoryWorld } from "../../src/local/memory/MemoryWorld.js"
import { MetricsIgnored } from "../../src/layers/observability/WorkerMetrics.js"
import { ContinuationError } from "../../src/services/errors.js"
import { LoadContinuations } from "../../src/services/LoadContinuations.js"
import { LoadDeadline } from "../../src/services/LoadDeadline.js"
import { fanlistChunks } from "../support/fanlistFile.js"

/** Continuations: the S3 handler takes the event a load sends to go on from its checkpoint; one it cannot read is counted, not run. */

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

  it.effect("refuses a checkpoint of the other loader's kind as unreadable", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const checkpoint = { _tag: "ScrubbedCheckpoint", recordsDone: 500, correlation: "c", date: 1, invocations: 2, delivered: { accepted: 500, failed: 0 }, errors: [] }
      const reply = yield* handleScoringBucketEvent({ resume: { key, checkpoint } }).pipe(Effect.provide(Layer.mergeAll(world.layer, MetricsIgnored)), quietly)
      expect(reply).toEqual({ files: [], skipped: 0, unreadable: 1 })
    }))

  it.effect("hands the continuation on with the event's version, and fails the file when it cannot (Lambda then runs it again)", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, new Uint8Array(Buffer.concat([...fanlistChunks({ rows: 1_200, fans: 600 })])))
      const handedOn: Array<unknown> = []
      const taking = Layer.succeed(LoadContinuations, { handOn: (event) => Effect.sync(() => void handedOn.push(event)) })
      const layer = Layer.mergeAll(world.layer, MetricsIgnored, nearEnd)
      const event = objectCreatedEvent("vf-scoring", key, 10)
      const reply = yield* handleScoringBucketEvent(event).pipe(Effect.provide(layer), Effect.provide(taking), quietly)
      const version = event.Records[0]!.s3.object.sequencer
      expect(handedOn).toMatchObject([{ resume: { key, version, checkpoint: { _tag: "FanlistCheckpoint", groupsDone: 1, invocations: 2 } } }])
      expect(reply.files[0]).toMatchObject({ worker: "saveFanlistScores", result: { continues: { groupsDone: 1 } } })

      const refusing = Layer.succeed(LoadContinuations, { handOn: () => Effect.fail(new ContinuationError({ function: "vf-fanlistFile", reason: "AccessDeniedException" })) })
      const failed = yield* handleScoringBucketEvent(event).pipe(Effect.provide(layer), Effect.provide(refusing), quietly)
      expect(failed.files).toEqual([{ key, worker: "saveFanlistScores", error: "vf-fanlistFile: the load's continuation was not handed on: AccessDeniedException" }])
    }))
})
